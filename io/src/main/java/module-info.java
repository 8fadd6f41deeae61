/**
 * Weft io: blocking-style file helpers ({@code dev.weft.io.files}), an HTTP session
 * ({@code dev.weft.io.http}) and TCP streams ({@code dev.weft.io.net}), each call cheap on its
 * own virtual thread and cancelled with its task.
 *
 * <p>Only the API packages are exported; their {@code .internal} packages are
 * implementation. Jackson is an optional dependency: {@code HttpCall.json(...)} uses it when it
 * is present.
 */
module dev.weft.io {
    requires transitive dev.weft;
    requires transitive java.net.http;
    requires org.slf4j;
    requires org.apache.commons.io;
    requires static com.fasterxml.jackson.databind;

    exports dev.weft.io.files;
    exports dev.weft.io.http;
    exports dev.weft.io.net;
}
