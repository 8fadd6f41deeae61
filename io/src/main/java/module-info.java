/**
 * Weft io: blocking-style file helpers and an HTTP session, each call cheap on its own virtual
 * thread and cancelled with its task.
 *
 * <p>Only {@code dev.weft.io} is exported; everything else is implementation. Jackson is an
 * optional dependency: {@code HttpCall.json(...)} uses it when it is present.
 */
module dev.weft.io {
    requires transitive dev.weft;
    requires transitive java.net.http;
    requires org.slf4j;
    requires org.apache.commons.io;
    requires jdk.httpserver;
    requires static com.fasterxml.jackson.databind;

    exports dev.weft.io;
}
