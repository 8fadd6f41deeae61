/**
 * Weft core: structured scopes, tasks, gather, timeouts, cancellation, channels, limiters and
 * introspection for plain blocking Java on virtual threads.
 *
 * <p>Only {@code dev.weft} is exported; everything else is implementation. {@code
 * dev.weft.internal} is lent to Weft's own modules only (a qualified export), so that they use
 * core's cancellation and duration rules instead of copies.
 */
// javac warns (lint "module") about a qualified export to a module that is not observable while
// this one compiles; io and test are built after core, so the warning is expected and suppressed
// here, on this declaration only.
@SuppressWarnings("module")
module dev.weft {
    requires org.slf4j;
    // JSpecify's nullness annotations on the API: visible to users' compilers and checkers,
    // not needed at run time.
    requires static transitive org.jspecify;
    requires jdk.jfr;
    requires java.management;
    // sun.misc.Signal, for Weft.run's Ctrl-C handling on the main thread (reached by method
    // handles; without this module, Weft.run leaves signals to the JVM).
    requires jdk.unsupported;

    exports dev.weft;
    exports dev.weft.internal to
            dev.weft.io,
            dev.weft.test;
}
