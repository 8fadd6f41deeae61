package dev.weft.io.http.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.io.http.JsonCodec;
import java.io.IOException;
import java.lang.reflect.Type;

/** The default codec, on Jackson; loaded only after {@link JsonCodecs} found Jackson. */
public final class JacksonCodec implements JsonCodec {
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
