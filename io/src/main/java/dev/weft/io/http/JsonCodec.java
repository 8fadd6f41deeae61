package dev.weft.io.http;

import java.io.IOException;
import java.lang.reflect.Type;

/**
 * Converts between JSON bytes and Java objects for {@link HttpCall#json(Class)} and
 * {@link HttpCall#jsonBody(Object)}. When none is set with
 * {@link HttpSession.Builder#jsonCodec(JsonCodec)}, the session uses Jackson's
 * {@code ObjectMapper} if {@code com.fasterxml.jackson.core:jackson-databind} is on the class path.
 *
 * <p>Implementations must be thread-safe; arguments are never null.
 */
public interface JsonCodec {
    /**
     * Decodes a JSON document. Does not block beyond the CPU work.
     *
     * @param json the UTF-8 JSON bytes
     * @param type the target type, a {@code Class} or a parameterized type
     * @param <T> the target type
     * @return the decoded value
     * @throws IOException if the bytes are not valid JSON for the type
     */
    <T> T decode(byte[] json, Type type) throws IOException;

    /**
     * Encodes a value as UTF-8 JSON.
     *
     * @param value the value
     * @return the JSON bytes
     * @throws IOException if the value cannot be encoded
     */
    byte[] encode(Object value) throws IOException;
}
