/**
 * Weft core: structured scopes, tasks, gather, timeouts, cancellation, channels, limiters and
 * introspection for plain blocking Java on virtual threads.
 *
 * <p>Only {@code dev.weft} is exported; everything else is implementation.
 */
module dev.weft {
    requires org.slf4j;
    requires jdk.jfr;
    requires java.management;

    exports dev.weft;
}
