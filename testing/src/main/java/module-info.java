/**
 * Weft test support, added by applications with test scope: {@code dev.weft.test.http} holds
 * {@link dev.weft.test.http.JsonPlaceholderServer}, a local jsonplaceholder-shaped HTTP server
 * with fault injection for tests and samples.
 */
module dev.weft.test {
    requires jdk.httpserver;
    requires com.fasterxml.jackson.databind;

    exports dev.weft.test.http;
}
