package dev.weft.io.http.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.weft.io.http.JsonCodec;

import java.io.IOException;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Type;

/**
 * A codec on a Jackson mapper; loaded only once Jackson is known to be present. Tells "valid JSON
 * that does not map" ({@link JsonCodec.MappingException}) from "not JSON" (any other {@code
 * IOException}).
 */
public final class JacksonCodec implements JsonCodec {
    private final ObjectMapper mapper;

    /** The default codec: {@code JacksonJson.defaultMapper()}'s rules. */
    public JacksonCodec() {
        this(
                JsonMapper.builder()
                        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .build());
    }

    /**
     * A codec on the caller's mapper.
     *
     * @param mapper the mapper, used as it is
     */
    public JacksonCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    // TypeParameterUnusedInFormals: the caller names the target type with a java.lang.reflect.Type
    // (as Gson's fromJson(String, Type)); the result is cast to the caller's T
    @SuppressWarnings("TypeParameterUnusedInFormals")
    public <T> T decode(byte[] json, Type type) throws IOException {
        try {
            return mapper.readValue(json, mapper.getTypeFactory().constructType(type));
        } catch (JsonMappingException e) {
            throw classify(e, json.length == 0);
        }
    }

    /**
     * Turns Jackson's mapping failure into the codec contract's exception: an empty document is
     * "not JSON", the rest is a mapping failure, with a hint when a package is not open to Jackson.
     *
     * @param e Jackson's exception
     * @param empty whether the body was empty
     * @return the exception to throw
     */
    public static IOException classify(JsonMappingException e, boolean empty) {
        if (empty && e instanceof MismatchedInputException) {
            return new IOException("the body is empty", e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InaccessibleObjectException || t instanceof IllegalAccessException) {
                return new JsonCodec.MappingException(
                        e.getOriginalMessage()
                                + " (the type's package is not open to "
                                + "Jackson: add 'opens <package> to com.fasterxml.jackson.databind' to its module-info)",
                        e);
            }
        }
        return new JsonCodec.MappingException(e.getOriginalMessage(), e);
    }

    @Override
    public byte[] encode(Object value) throws IOException {
        return mapper.writeValueAsBytes(value);
    }
}
