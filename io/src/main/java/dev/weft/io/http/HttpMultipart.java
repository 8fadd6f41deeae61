package dev.weft.io.http;

import dev.weft.io.http.internal.RequestBody;

import org.jspecify.annotations.Nullable;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A {@code multipart/form-data} request body (RFC 7578), the body of an HTML file-upload form, for
 * {@link HttpCall#multipart(HttpMultipart)}:
 *
 * {@snippet :
 * HttpMultipart form = HttpMultipart.builder()
 *         .field("title", "report")
 *         .file("attachment", Path.of("report.pdf"), "application/pdf")
 *         .build();
 * http.post("/upload").multipart(form).discard();
 * }
 *
 * <p>Parts are sent in the order they were added. Text fields are UTF-8. File parts are read when
 * the call sends them (again on a retry); stream parts are read once and closed when the call ends,
 * which makes the whole body non-replayable once it started (see {@link HttpCall#body(InputStream,
 * String)}). Use one instance for one call.
 *
 * <p>Immutable once built, but a stream part can be read only once. No argument may be null.
 */
public final class HttpMultipart {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String boundary;
    private final List<RequestBody> parts;

    private HttpMultipart(String boundary, List<RequestBody> parts) {
        this.boundary = boundary;
        this.parts = List.copyOf(parts);
    }

    /**
     * Starts a multipart body with a random boundary.
     *
     * @return the builder
     */
    public static Builder builder() {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return new Builder("weft-" + HexFormat.of().formatHex(random));
    }

    /**
     * Returns the {@code Content-Type} header value, with the boundary.
     *
     * @return the content type
     */
    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    RequestBody body() {
        return RequestBody.concat(parts);
    }

    /**
     * Collects the parts of a {@link HttpMultipart}.
     *
     * <p>Not thread-safe. No argument may be null.
     */
    public static final class Builder {
        private final String boundary;
        private final List<RequestBody> parts = new ArrayList<>();

        private Builder(String boundary) {
            this.boundary = boundary;
        }

        /**
         * Adds a text field.
         *
         * @param name the field name
         * @param value the value, UTF-8
         * @return this builder
         * @throws NullPointerException if {@code name} or {@code value} is null
         */
        public Builder field(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            head(name, null, "text/plain; charset=UTF-8");
            parts.add(RequestBody.ofBytes(value.getBytes(StandardCharsets.UTF_8)));
            return crlf();
        }

        /**
         * Adds a file part, named after the file, read when the call sends it.
         *
         * @param name the field name
         * @param file a readable regular file
         * @param contentType the file's media type
         * @return this builder
         * @throws NullPointerException if an argument is null
         * @throws IllegalArgumentException if {@code file} is not a readable regular file
         */
        public Builder file(String name, Path file, String contentType) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(contentType, "contentType");
            HttpCall.checkFile(file, "file");
            head(name, String.valueOf(file.getFileName()), contentType);
            parts.add(RequestBody.ofFile(file));
            return crlf();
        }

        /**
         * Adds a part of bytes, sent as a file called {@code filename}.
         *
         * @param name the field name
         * @param filename the file name the server sees
         * @param bytes the content; copied
         * @param contentType its media type
         * @return this builder
         * @throws NullPointerException if an argument is null
         */
        public Builder bytes(String name, String filename, byte[] bytes, String contentType) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(filename, "filename");
            Objects.requireNonNull(bytes, "bytes");
            Objects.requireNonNull(contentType, "contentType");
            head(name, filename, contentType);
            parts.add(RequestBody.ofBytes(bytes.clone()));
            return crlf();
        }

        /**
         * Adds a part read once from a stream, sent as a file called {@code filename}; the body is
         * then sent chunked and cannot be replayed once started.
         *
         * @param name the field name
         * @param filename the file name the server sees
         * @param in the content; the call owns it and closes it when it ends
         * @param contentType its media type
         * @return this builder
         * @throws NullPointerException if an argument is null
         */
        public Builder stream(String name, String filename, InputStream in, String contentType) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(filename, "filename");
            Objects.requireNonNull(in, "in");
            Objects.requireNonNull(contentType, "contentType");
            head(name, filename, contentType);
            parts.add(RequestBody.ofStream(in, -1));
            return crlf();
        }

        /**
         * Finishes the body.
         *
         * @return the multipart body
         * @throws IllegalStateException if no part was added
         */
        public HttpMultipart build() {
            if (parts.isEmpty()) {
                throw new IllegalStateException("a multipart body needs at least one part");
            }
            List<RequestBody> all = new ArrayList<>(parts);
            all.add(
                    RequestBody.ofBytes(
                            ("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII)));
            return new HttpMultipart(boundary, all);
        }

        private void head(String name, @Nullable String filename, String contentType) {
            HttpCall.checkHeader("Content-Type", contentType);
            String head =
                    "--"
                            + boundary
                            + "\r\nContent-Disposition: form-data; name=\""
                            + escape(name)
                            + "\""
                            + (filename == null ? "" : "; filename=\"" + escape(filename) + "\"")
                            + "\r\nContent-Type: "
                            + contentType
                            + "\r\n\r\n";
            parts.add(RequestBody.ofBytes(head.getBytes(StandardCharsets.UTF_8)));
        }

        private Builder crlf() {
            parts.add(RequestBody.ofBytes(new byte[] {'\r', '\n'}));
            return this;
        }

        /** The HTML standard's escaping of names in multipart/form-data headers. */
        private static String escape(String s) {
            return s.replace("\r", "%0D").replace("\n", "%0A").replace("\"", "%22");
        }
    }
}
