package dev.weft.io.http;

import java.io.IOException;
import java.lang.reflect.Type;

/**
 * Converts between JSON bytes and Java objects for {@link HttpCall#json(Class)} and {@link
 * HttpCall#jsonBody(Object)}. When none is set with {@link
 * HttpSession.Builder#jsonCodec(JsonCodec)}, the session uses Jackson's {@code ObjectMapper} if
 * {@code com.fasterxml.jackson.core:jackson-databind} is on the class path, configured as {@link
 * JacksonJson#defaultMapper()} says; {@link JacksonJson#codec} wraps a mapper of the application's
 * own.
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
     * @throws MappingException if the bytes are valid JSON that does not map to the type
     * @throws IOException if the bytes are not JSON
     */
    // TypeParameterUnusedInFormals: the caller names the target type with a java.lang.reflect.Type
    // (as Gson's fromJson(String, Type)); the result is cast to the caller's T
    @SuppressWarnings("TypeParameterUnusedInFormals")
    <T> T decode(byte[] json, Type type) throws IOException;

    /**
     * Encodes a value as UTF-8 JSON.
     *
     * @param value the value
     * @return the JSON bytes
     * @throws IOException if the value cannot be encoded
     */
    byte[] encode(Object value) throws IOException;

    /**
     * Thrown by {@link #decode} when the document is valid JSON that does not map to the requested
     * type, so that {@link HttpCall#json(Type)} can report a {@link HttpJsonException} of kind
     * {@link HttpJsonException.Kind#MAPPING} instead of "not JSON".
     */
    class MappingException extends IOException {
        @java.io.Serial private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param message what did not map
         * @param cause the codec's own exception, or null
         */
        public MappingException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
