package dev.weft.io.http.internal;

import dev.weft.io.http.JsonCodec;

import java.lang.reflect.Type;

/**
 * Finds the default JSON codec: Jackson when present, otherwise one that explains what is missing.
 */
public final class JsonCodecs {
    public static final String JACKSON_CLASS = "com.fasterxml.jackson.databind.ObjectMapper";

    public static final String MISSING =
            "JSON needs Jackson: add com.fasterxml.jackson.core:jackson-databind to the class "
                    + "path (module path: 'requires com.fasterxml.jackson.databind'), or set a codec with "
                    + "HttpSession.Builder.jsonCodec(...)";

    private JsonCodecs() {}

    public static JsonCodec detect(ClassLoader loader) {
        try {
            Class.forName(JACKSON_CLASS, false, loader);
            return new JacksonCodec();
        } catch (ClassNotFoundException | LinkageError e) {
            return missing();
        }
    }

    public static JsonCodec missing() {
        return new JsonCodec() {
            @Override
            // TypeParameterUnusedInFormals: the caller names the target type with a
            // java.lang.reflect.Type (as Gson's fromJson(String, Type)); the result is cast to the
            // caller's T
            @SuppressWarnings("TypeParameterUnusedInFormals")
            public <T> T decode(byte[] json, Type type) {
                throw new IllegalStateException(MISSING);
            }

            @Override
            public byte[] encode(Object value) {
                throw new IllegalStateException(MISSING);
            }
        };
    }
}
