/**
 * Weft test support, added by applications with test scope.
 *
 * <ul>
 *   <li>{@code dev.weft.test}: {@link dev.weft.test.VirtualClock}, virtual time for every timed
 *       wait that goes through Weft, and the JUnit 5 extensions {@link dev.weft.test.VirtualTime}
 *       and {@link dev.weft.test.NoLeakedTasks} (JUnit Jupiter is optional: bring your own to use
 *       them);
 *   <li>{@code dev.weft.test.http}: {@link dev.weft.test.http.JsonPlaceholderServer}, a local
 *       jsonplaceholder-shaped HTTP server with fault injection for tests and samples.
 * </ul>
 */
module dev.weft.test {
    requires dev.weft;
    // JSpecify's nullness annotations on the API: visible to users' compilers and checkers,
    // not needed at run time.
    requires static transitive org.jspecify;
    // Optional: only the JUnit 5 extensions use it, and their users bring JUnit. Not transitive,
    // so a consumer without JUnit on its module path still compiles against this module.
    requires static org.junit.jupiter.api;
    requires jdk.httpserver;
    requires com.fasterxml.jackson.databind;

    exports dev.weft.test;
    exports dev.weft.test.http;
}
