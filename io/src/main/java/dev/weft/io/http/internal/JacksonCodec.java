package dev.weft.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Type;

/** The default codec, on Jackson; loaded only after {@link JsonCodecs} found Jackson. */
final class JacksonCodec implements JsonCodec {
    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public <T> T decode(byte[] json, Type type) throws IOException {
        return mapper.readValue(json, mapper.getTypeFactory().constructType(type));
    }

    @Override
    public byte[] encode(Object value) throws IOException {
        return mapper.writeValueAsBytes(value);
    }
}
