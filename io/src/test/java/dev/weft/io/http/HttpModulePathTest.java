package dev.weft.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.modulepath.ModulePathMain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code dev.weft.io} with its HTTP engine on the module path, as a modular application runs it:
 * Apache HttpClient 5 is an automatic module, which declares no {@code requires}, so everything it
 * needs from the JDK must be resolved through {@code dev.weft.io}. A child JVM puts io, core and
 * their dependencies on the module path and runs {@link ModulePathMain}, which makes a call.
 */
class HttpModulePathTest {
    private static final List<String> MODULES =
            List.of(
                    "weft-core",
                    "core/target/classes",
                    "io/target/classes",
                    "slf4j-api",
                    "commons-io",
                    "httpclient5",
                    "httpcore5");

    @Test
    @Timeout(60)
    void sessionRunsOnTheModulePath() throws Exception {
        List<String> modulePath = new ArrayList<>();
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String normal = entry.replace(File.separatorChar, '/');
            boolean module =
                    MODULES.stream().anyMatch(normal::contains)
                            && !normal.contains("test-classes")
                            && !normal.endsWith("-tests.jar")
                            && !normal.contains("httpcore5-reactive");
            (module ? modulePath : classPath).add(entry);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p =
                new ProcessBuilder(
                                java,
                                "--module-path",
                                String.join(File.pathSeparator, modulePath),
                                "--add-modules",
                                "dev.weft.io",
                                "-cp",
                                String.join(File.pathSeparator, classPath),
                                ModulePathMain.class.getName())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(50, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("io module: dev.weft.io"), out);
        assertTrue(
                out.contains("engine module: org.apache.httpcomponents.client5.httpclient5"), out);
        assertTrue(out.contains("cannot connect: connection refused (1 attempt)"), out);
    }
}
