/**
 * Weft io: blocking-style file helpers ({@code dev.weft.io.files}), an HTTP session ({@code
 * dev.weft.io.http}), TCP streams ({@code dev.weft.io.net}) and subprocesses ({@code
 * dev.weft.io.process}), each call cheap on its own virtual thread and cancelled with its task.
 *
 * <p>HTTP runs on Apache HttpClient 5 classic (blocking, on the caller's virtual thread), or on
 * {@code java.net.http} for HTTP/2. Only the API packages are exported; their {@code .internal}
 * packages are implementation. Jackson is an optional dependency: {@code HttpCall.json(...)} uses
 * it when it is present.
 */
// Apache HttpClient 5 ships as automatic modules (Automatic-Module-Name in its jars); javac's lint
// "requires-automatic" warns about every such requires, which is expected here.
@SuppressWarnings("requires-automatic")
module dev.weft.io {
    requires transitive dev.weft;
    // JSpecify's nullness annotations on the API: visible to users' compilers and checkers,
    // not needed at run time.
    requires static transitive org.jspecify;
    requires transitive java.net.http;
    requires org.slf4j;
    requires org.apache.commons.io;
    requires org.apache.httpcomponents.client5.httpclient5;
    requires org.apache.httpcomponents.core5.httpcore5;
    // HttpClient 5 (an automatic module, which declares nothing) uses jdk.net.Sockets for its
    // socket options: without this, jdk.net is not resolved on the module path and the first
    // session fails with NoClassDefFoundError (HttpModulePathTest).
    requires jdk.net;
    requires static com.fasterxml.jackson.databind;

    exports dev.weft.io.files;
    exports dev.weft.io.http;
    exports dev.weft.io.net;
    exports dev.weft.io.process;
}
