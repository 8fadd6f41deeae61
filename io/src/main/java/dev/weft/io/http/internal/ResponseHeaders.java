package dev.weft.io.http.internal;

import org.jspecify.annotations.Nullable;

import java.net.http.HttpHeaders;

/**
 * A response's headers as the engine reads them: single values looked up in the transport's own
 * representation, the JDK's {@link HttpHeaders} (the public API's type) built only when asked for,
 * once. Profiling a 1 KiB GET showed building it on every call as a tenth of the session's CPU.
 *
 * <p>Used by the calling thread; {@link #all()} may be called from any thread once built.
 */
public interface ResponseHeaders {
    /**
     * The first value of a header, or null.
     *
     * @param name the name, any case
     * @return the value, or null
     */
    @Nullable String first(String name);

    /**
     * All headers, built on first use.
     *
     * @return the headers
     */
    HttpHeaders all();

    /**
     * Headers already in the JDK's form.
     *
     * @param headers the headers
     * @return the view
     */
    static ResponseHeaders of(HttpHeaders headers) {
        return new ResponseHeaders() {
            @Override
            public @Nullable String first(String name) {
                return headers.firstValue(name).orElse(null);
            }

            @Override
            public HttpHeaders all() {
                return headers;
            }
        };
    }
}
