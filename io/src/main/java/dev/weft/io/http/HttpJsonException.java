package dev.weft.io.http;

import java.io.Serial;
import java.lang.reflect.Type;
import java.net.URI;
import java.util.Objects;

/**
 * Thrown by {@link HttpCall#json(Class)} and {@link HttpCall#json(Type)} when the response arrived
 * whole with a success status but its body could not be decoded into the requested type. {@link
 * #kind()} tells the two cases apart, because they have different fixes:
 *
 * <ul>
 *   <li>{@link Kind#NOT_JSON}: the body is not JSON at all (an HTML error page from a proxy, an
 *       empty body, a truncated document): the server or the URL is wrong;
 *   <li>{@link Kind#MAPPING}: the body is valid JSON but does not fit the type (a property the type
 *       lacks when the mapper refuses unknown properties, a string where a number is expected, a
 *       type Jackson cannot create, a package not opened to Jackson): the Java type or the mapper's
 *       configuration is wrong.
 * </ul>
 *
 * The message says which, names the type, and quotes the start of the body; the codec's own
 * exception is the cause.
 *
 * <p>Immutable and thread-safe; no accessor returns null.
 */
public final class HttpJsonException extends HttpException {
    @Serial private static final long serialVersionUID = 1L;

    /** Why the body could not be decoded. */
    public enum Kind {
        /** The body is not JSON. */
        NOT_JSON,
        /** The body is JSON that does not map to the requested type. */
        MAPPING
    }

    /** Why. */
    private final Kind kind;

    /** The start of the body. */
    private final String bodyPrefix;

    HttpJsonException(
            String method, URI uri, Kind kind, Type type, String bodyPrefix, Throwable cause) {
        super(
                (kind == Kind.NOT_JSON
                                ? "the response body is not JSON"
                                : "the JSON does not map to " + type.getTypeName())
                        + ": "
                        + cause.getMessage()
                        + " (body starts: "
                        + bodyPrefix
                        + ")",
                method,
                uri,
                cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.bodyPrefix = bodyPrefix;
    }

    /**
     * Returns why the body could not be decoded.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Returns the first bytes of the body (up to 1 KiB) decoded as UTF-8.
     *
     * @return the start of the body
     */
    public String bodyPrefix() {
        return bodyPrefix;
    }
}
