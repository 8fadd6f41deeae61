package dev.weft.io.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.weft.io.http.internal.JacksonCodec;

import java.util.Objects;

/**
 * Jackson as the session's {@link JsonCodec}: the default mapper's rules, and a way to bring the
 * application's own {@code ObjectMapper} (with its modules, naming strategy and features):
 *
 * {@snippet :
 * ObjectMapper mapper = JacksonJson.defaultMapper().registerModule(new JavaTimeModule());
 * HttpSession http = HttpSession.builder().jsonCodec(JacksonJson.codec(mapper)).build();
 * }
 *
 * <p>Needs {@code com.fasterxml.jackson.core:jackson-databind} (an optional dependency of {@code
 * weft-io}): calling a method of this class without it throws {@link NoClassDefFoundError}.
 * Thread-safe; no argument may be null.
 */
public final class JacksonJson {
    private JacksonJson() {}

    /**
     * Returns a new mapper with the rules of the session's default codec: Jackson's defaults except
     * that <b>unknown properties are ignored</b> ({@code FAIL_ON_UNKNOWN_PROPERTIES} off), because
     * an API that adds a field must not break its clients. Everything else is Jackson's default:
     * records and classes with a creator or setters, public fields, {@code null} for missing
     * properties, no {@code java.time} support (register Jackson's {@code JavaTimeModule} on a
     * mapper of your own), numbers into primitives without a null check. The mapper belongs to the
     * caller, who may change it.
     *
     * @return a new mapper
     */
    @SuppressWarnings("exports") // Jackson is the caller's own optional dependency
    public static ObjectMapper defaultMapper() {
        return JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /**
     * Returns a codec on the given mapper, used as it is (not copied: configure it before the
     * session's first call, then leave it alone). A body that is valid JSON but does not map to the
     * requested type (Jackson's {@code JsonMappingException}) is reported as {@link
     * HttpJsonException.Kind#MAPPING}; anything else Jackson cannot read as {@link
     * HttpJsonException.Kind#NOT_JSON}.
     *
     * @param mapper the application's mapper
     * @return the codec
     * @throws NullPointerException if {@code mapper} is null
     */
    @SuppressWarnings("exports") // Jackson is the caller's own optional dependency
    public static JsonCodec codec(ObjectMapper mapper) {
        return new JacksonCodec(Objects.requireNonNull(mapper, "mapper"));
    }
}
