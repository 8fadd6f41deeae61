package dev.weft.io;

import java.lang.reflect.Type;

/** Finds the default JSON codec: Jackson when present, otherwise one that explains what is missing. */
final class JsonCodecs {
    static final String JACKSON_CLASS = "com.fasterxml.jackson.databind.ObjectMapper";

    static final String MISSING = "JSON needs Jackson: add com.fasterxml.jackson.core:jackson-databind to the class "
            + "path (module path: 'requires com.fasterxml.jackson.databind'), or set a codec with "
            + "HttpSession.Builder.jsonCodec(...)";

    private JsonCodecs() {}

    static JsonCodec detect(ClassLoader loader) {
        try {
            Class.forName(JACKSON_CLASS, false, loader);
            return new JacksonCodec();
        } catch (ClassNotFoundException | LinkageError e) {
            return missing();
        }
    }

    static JsonCodec missing() {
        return new JsonCodec() {
            @Override
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
