package dev.weft.modulepath;

import dev.weft.io.http.HttpConnectException;
import dev.weft.io.http.HttpRetry;
import dev.weft.io.http.HttpSession;

/**
 * Run by {@code HttpModulePathTest} in a JVM with {@code dev.weft.io} on the module path; its
 * package is in no module, so that it loads from the class path.
 */
public final class ModulePathMain {
    private ModulePathMain() {}

    /**
     * Makes one call that fails to connect, and prints the modules involved.
     *
     * @param args unused
     * @throws Exception if the class of the engine cannot be found
     */
    public static void main(String[] args) throws Exception {
        System.out.println("io module: " + HttpSession.class.getModule().getName());
        System.out.println(
                "engine module: "
                        + Class.forName(
                                        "org.apache.hc.client5.http.impl.classic.CloseableHttpClient")
                                .getModule()
                                .getName());
        try (HttpSession http = HttpSession.builder().retry(HttpRetry.none()).build()) {
            http.get("http://127.0.0.1:1/").text();
        } catch (HttpConnectException e) {
            System.out.println(e.getMessage());
        }
    }
}
