package dev.weft.io.http;

import dev.weft.internal.ArgumentRules;
import dev.weft.io.files.WriteMode;
import dev.weft.io.files.internal.AtomicWrite;
import dev.weft.io.http.internal.Redaction;
import dev.weft.io.http.internal.RequestBody;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * One HTTP call being prepared: started by {@link HttpSession#get} and friends, given query
 * parameters, headers and a body, then run by exactly one terminal method.
 *
 * <h2>Terminal methods</h2>
 *
 * {@link #text()}, {@link #bytes()}, {@link #json(Class)}, {@link #json(Type)}, {@link
 * #download(Path)}, {@link #discard()} each do the whole exchange in one call: wait for permits,
 * send, follow redirects, retry, check the status, read the body within the size cap, and release
 * the connection and permits, whatever happens. {@link #stream()} leaves the body open for the
 * caller, who must close it.
 *
 * <h2>What they block on, and how they fail</h2>
 *
 * They block the calling thread (meant to be a virtual thread) on permits, on the network and on
 * retry pauses, each bounded by {@link HttpTimeouts}. They throw:
 *
 * <ul>
 *   <li>{@link HttpStatusException} for a final status of 400 or more;
 *   <li>{@link HttpConnectException} when the server cannot be reached;
 *   <li>{@link HttpCallTimeoutException} naming the {@link HttpPhase} that timed out;
 *   <li>{@link HttpTransportException} when the connection breaks or the body is cut short;
 *   <li>{@link HttpBodyTooLargeException} when the body passes the cap;
 *   <li>{@link HttpRedirectException} when a redirect is refused;
 *   <li>{@link HttpJsonException} when {@code json} cannot decode the body;
 *   <li>{@link dev.weft.CancelledException} when the calling task is cancelled or the thread
 *       interrupted, before or during the call, as every core call does: a task that caught a
 *       {@code CancelledException} earlier sends nothing and takes no permit (cancellation is
 *       sticky). The exchange is aborted and permits are returned; in a Weft task the interrupt
 *       status is left cleared (cleanup code can still block), in any other thread it is set again;
 *   <li>{@link IllegalStateException} when the session is closed.
 * </ul>
 *
 * <p>Not thread-safe: build and run a call on one thread. The builder methods return this call;
 * running a terminal method twice performs the exchange twice. No argument may be null.
 */
public final class HttpCall {
    private final HttpSession session;
    private final String method;
    private final URI uri;
    private final List<String> query = new ArrayList<>();
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private @Nullable RequestBody body;
    private @Nullable String bodyType;
    private boolean idempotent;
    private long maxResponseBytes;

    HttpCall(HttpSession session, String method, URI uri) {
        this.session = session;
        this.method = method;
        this.uri = uri;
        this.maxResponseBytes = session.limits().maxResponseBytes();
    }

    /**
     * Adds a query parameter, percent-encoded as UTF-8; repeated names are kept in order.
     *
     * @param name the parameter name
     * @param value the value, converted with {@link String#valueOf(Object)}
     * @return this call
     * @throws NullPointerException if {@code name} or {@code value} is null
     */
    public HttpCall query(String name, Object value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        query.add(encode(name) + "=" + encode(String.valueOf(value)));
        return this;
    }

    /**
     * Adds every entry of a map as a query parameter, in the map's iteration order.
     *
     * @param parameters names and values
     * @return this call
     * @throws NullPointerException if {@code parameters}, a name or a value is null
     */
    public HttpCall query(Map<String, ?> parameters) {
        Objects.requireNonNull(parameters, "parameters");
        parameters.forEach(this::query);
        return this;
    }

    /**
     * Adds a request header; the first header set on the call with a name replaces the session's
     * default of that name.
     *
     * @param name the header name
     * @param value the header value
     * @return this call
     * @throws NullPointerException if {@code name} or {@code value} is null
     * @throws IllegalArgumentException if the name or value is not valid in HTTP, or the name is
     *     one the engine manages itself (such as {@code Host} or {@code Content-Length})
     */
    public HttpCall header(String name, String value) {
        checkHeader(name, value);
        headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        return this;
    }

    /**
     * Sets a text body, encoded as UTF-8, with {@code Content-Type: text/plain; charset=UTF-8}
     * unless a content type was set with {@link #header}.
     *
     * @param text the body
     * @return this call
     * @throws NullPointerException if {@code text} is null
     */
    public HttpCall body(String text) {
        Objects.requireNonNull(text, "text");
        return body(text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=UTF-8");
    }

    /**
     * Sets a binary body with the given content type (unless one was set with {@link #header}).
     *
     * @param bytes the body; copied
     * @param contentType the media type, such as {@code "application/octet-stream"}
     * @return this call
     * @throws NullPointerException if {@code bytes} or {@code contentType} is null
     */
    public HttpCall body(byte[] bytes, String contentType) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(contentType, "contentType");
        setBody(RequestBody.ofBytes(bytes.clone()), contentType);
        return this;
    }

    private void setBody(RequestBody newBody, String contentType) {
        if (body != null) {
            body.release();
        }
        this.body = newBody;
        this.bodyType = contentType;
    }

    /**
     * Sets a body streamed from a file, with {@code Content-Length} set to the file's size when an
     * attempt starts. The file is read again for a retry or a 307/308 redirect; if its size changes
     * while it is sent, the attempt fails with {@link HttpTransportException} rather than send
     * other bytes than announced. Nothing is read now.
     *
     * @param file a regular file
     * @param contentType the media type, such as {@code "application/octet-stream"}
     * @return this call
     * @throws NullPointerException if {@code file} or {@code contentType} is null
     * @throws IllegalArgumentException if {@code file} is not a readable regular file
     */
    public HttpCall body(Path file, String contentType) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(contentType, "contentType");
        checkFile(file, "file");
        setBody(RequestBody.ofFile(file), contentType);
        return this;
    }

    /**
     * Sets a body streamed from an {@code InputStream} of unknown length, sent chunked. The stream
     * is read once, during the exchange, and closed when the call ends, however it ends. A stream
     * cannot be replayed: the call is retried only for failures before its first byte was read (a
     * refused connection), never after, and a 307/308 redirect of it fails with {@link
     * HttpRedirectException}. An {@code IOException} of the stream fails the call with {@link
     * HttpTransportException}.
     *
     * @param in the stream; the call owns it from now on
     * @param contentType the media type
     * @return this call
     * @throws NullPointerException if {@code in} or {@code contentType} is null
     */
    public HttpCall body(InputStream in, String contentType) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(contentType, "contentType");
        setBody(RequestBody.ofStream(in, -1), contentType);
        return this;
    }

    /**
     * Like {@link #body(InputStream, String)}, with a known length sent as {@code Content-Length}
     * (some servers, such as object stores, require it). A stream that ends before {@code length}
     * bytes, or has more, fails the call with {@link HttpTransportException}.
     *
     * @param in the stream; the call owns it from now on
     * @param length the exact number of bytes the stream holds
     * @param contentType the media type
     * @return this call
     * @throws NullPointerException if {@code in} or {@code contentType} is null
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public HttpCall body(InputStream in, long length, String contentType) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(contentType, "contentType");
        ArgumentRules.requireNonNegative(length, "length");
        setBody(RequestBody.ofStream(in, length), contentType);
        return this;
    }

    /**
     * Sets an HTML form body, {@code application/x-www-form-urlencoded} in UTF-8, fields in the
     * map's iteration order. Encoded now; replayable.
     *
     * @param fields names and values, converted with {@link String#valueOf(Object)}
     * @return this call
     * @throws NullPointerException if {@code fields}, a name or a value is null
     */
    public HttpCall form(Map<String, ?> fields) {
        Objects.requireNonNull(fields, "fields");
        StringJoiner form = new StringJoiner("&");
        fields.forEach(
                (name, value) -> {
                    Objects.requireNonNull(name, "field name");
                    Objects.requireNonNull(value, "value of field " + name);
                    form.add(
                            URLEncoder.encode(name, StandardCharsets.UTF_8)
                                    + "="
                                    + URLEncoder.encode(
                                            String.valueOf(value), StandardCharsets.UTF_8));
                });
        setBody(
                RequestBody.ofBytes(form.toString().getBytes(StandardCharsets.US_ASCII)),
                "application/x-www-form-urlencoded");
        return this;
    }

    /**
     * Sets a {@code multipart/form-data} body (a file upload form). Its length is announced when
     * every part's size is known (no stream part), else it is sent chunked; it is replayable unless
     * a stream part was read, with the rules of {@link #body(InputStream, String)}.
     *
     * @param multipart the parts
     * @return this call
     * @throws NullPointerException if {@code multipart} is null
     */
    public HttpCall multipart(HttpMultipart multipart) {
        Objects.requireNonNull(multipart, "multipart");
        setBody(multipart.body(), multipart.contentType());
        return this;
    }

    static void checkFile(Path file, String name) {
        if (!java.nio.file.Files.isRegularFile(file) || !java.nio.file.Files.isReadable(file)) {
            throw new IllegalArgumentException(name + " is not a readable regular file: " + file);
        }
    }

    /**
     * Sets a JSON body encoded by the session's {@link JsonCodec}, with {@code Content-Type:
     * application/json}. Encodes at once, on the calling thread.
     *
     * @param value the value to encode
     * @return this call
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalStateException if no codec is set and Jackson is not on the class path
     * @throws UncheckedIOException if the codec cannot encode the value
     */
    public HttpCall jsonBody(Object value) {
        Objects.requireNonNull(value, "value");
        byte[] json;
        try {
            json = session.codec().encode(value);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot encode " + value.getClass().getName() + " as JSON", e);
        }
        return body(json, "application/json");
    }

    /**
     * Marks this call as safe to retry on status 429/502/503/504 even though its method is not
     * idempotent (a POST carrying an idempotency key, for example).
     *
     * @return this call
     */
    public HttpCall idempotent() {
        this.idempotent = true;
        return this;
    }

    /**
     * Replaces the session's response size cap for this call, typically to allow a large download.
     *
     * @param bytes the cap in bytes
     * @return this call
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public HttpCall maxResponseBytes(long bytes) {
        this.maxResponseBytes = ArgumentRules.requireNonNegative(bytes, "bytes");
        return this;
    }

    /**
     * Runs the call and returns the body as text, decoded with the charset of the {@code
     * Content-Type} header, or UTF-8. Blocks as described in the type's documentation.
     *
     * @return the body
     * @throws HttpStatusException if the final status is 400 or more
     * @throws HttpConnectException if the server cannot be reached
     * @throws HttpCallTimeoutException if a phase of the call timed out
     * @throws HttpTransportException if the connection broke or the body was cut short
     * @throws HttpBodyTooLargeException if the body is larger than the cap
     * @throws HttpRedirectException if a redirect was refused
     * @throws dev.weft.CancelledException if the calling task is cancelled or the thread
     *     interrupted, before or during the call (see the type's documentation)
     * @throws IllegalStateException if the session is closed
     */
    public String text() {
        return run((ex, finish) -> new String(ex.readAll(), charset(ex)));
    }

    /**
     * Runs the call and returns the body. Blocks as described in the type's documentation.
     *
     * @return the body
     * @throws HttpStatusException if the final status is 400 or more
     * @throws HttpConnectException if the server cannot be reached
     * @throws HttpCallTimeoutException if a phase of the call timed out
     * @throws HttpTransportException if the connection broke or the body was cut short
     * @throws HttpBodyTooLargeException if the body is larger than the cap
     * @throws HttpRedirectException if a redirect was refused
     * @throws dev.weft.CancelledException if the calling task is cancelled or the thread
     *     interrupted, before or during the call (see the type's documentation)
     * @throws IllegalStateException if the session is closed
     */
    public byte[] bytes() {
        return run((ex, finish) -> ex.readAll());
    }

    /**
     * Runs the call and decodes the body as JSON into a class. Blocks as described in the type's
     * documentation.
     *
     * @param type the target class, such as a record
     * @param <T> the target type
     * @return the decoded value
     * @throws NullPointerException if {@code type} is null
     * @throws IllegalStateException if no codec is set and Jackson is not on the class path
     * @throws HttpJsonException if the body is not JSON, or is JSON that does not map to the type
     * @throws HttpStatusException if the final status is 400 or more
     * @throws HttpConnectException if the server cannot be reached
     * @throws HttpCallTimeoutException if a phase of the call timed out
     * @throws HttpTransportException if the connection broke or the body was cut short
     * @throws HttpBodyTooLargeException if the body is larger than the cap
     * @throws HttpRedirectException if a redirect was refused
     * @throws dev.weft.CancelledException if the calling task is cancelled or the thread
     *     interrupted, before or during the call (see the type's documentation)
     * @throws IllegalStateException if the session is closed
     */
    public <T> T json(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return type.cast(json((Type) type));
    }

    /**
     * Runs the call and decodes the body as JSON into any type, such as a parameterized {@code
     * List<Post>} (from Jackson's {@code TypeReference.getType()}). Blocks as described in the
     * type's documentation.
     *
     * @param type the target type
     * @param <T> the target type, unchecked: the caller asserts it matches {@code type}
     * @return the decoded value
     * @throws NullPointerException if {@code type} is null
     * @throws IllegalStateException if no codec is set and Jackson is not on the class path
     * @throws HttpJsonException if the body is not JSON, or is JSON that does not map to the type
     * @throws HttpStatusException if the final status is 400 or more
     * @throws HttpConnectException if the server cannot be reached
     * @throws HttpCallTimeoutException if a phase of the call timed out
     * @throws HttpTransportException if the connection broke or the body was cut short
     * @throws HttpBodyTooLargeException if the body is larger than the cap
     * @throws HttpRedirectException if a redirect was refused
     * @throws dev.weft.CancelledException if the calling task is cancelled or the thread
     *     interrupted, before or during the call (see the type's documentation)
     * @throws IllegalStateException if the session is closed
     */
    // TypeParameterUnusedInFormals: the caller names the target type with a java.lang.reflect.Type
    // (as Gson's fromJson(String, Type)); the result is cast to the caller's T
    @SuppressWarnings("TypeParameterUnusedInFormals")
    public <T> T json(Type type) {
        Objects.requireNonNull(type, "type");
        JsonCodec codec = session.codec();
        return run(
                (ex, finish) -> {
                    byte[] bytes = ex.readAll();
                    try {
                        return codec.<T>decode(bytes, type);
                    } catch (JsonCodec.MappingException e) {
                        throw new HttpJsonException(
                                method,
                                ex.uri,
                                HttpJsonException.Kind.MAPPING,
                                type,
                                prefix(bytes),
                                e);
                    } catch (IOException e) {
                        throw new HttpJsonException(
                                method,
                                ex.uri,
                                HttpJsonException.Kind.NOT_JSON,
                                type,
                                prefix(bytes),
                                e);
                    }
                });
    }

    private static String prefix(byte[] body) {
        return new String(body, 0, Math.min(body.length, 1024), StandardCharsets.UTF_8);
    }

    /**
     * Runs the call and streams the body to a file, atomically, by the same mechanism and rules as
     * {@link dev.weft.io.files.WeftFiles#write(Path, byte[])}: it is written to a temporary file in
     * the target's directory, forced to disk, then moved over the target in one step. An existing
     * target keeps its permissions; a symbolic link is followed (the file it points to is replaced,
     * the link stays); a target that is a FIFO or a device is written in place. A failure or
     * cancellation deletes the temporary file and leaves any existing target untouched. The size
     * cap applies; raise it with {@link #maxResponseBytes(long)}.
     *
     * @param target the file to create or replace
     * @return the number of bytes written
     * @throws NullPointerException if {@code target} is null
     * @throws UncheckedIOException if the file cannot be written or moved
     * @throws HttpStatusException if the final status is 400 or more
     * @throws HttpConnectException if the server cannot be reached
     * @throws HttpCallTimeoutException if a phase of the call timed out
     * @throws HttpTransportException if the connection broke or the body was cut short
     * @throws HttpBodyTooLargeException if the body is larger than the cap
     * @throws HttpRedirectException if a redirect was refused
     * @throws dev.weft.CancelledException if the calling task is cancelled or the thread
     *     interrupted, before or during the call (see the type's documentation)
     * @throws IllegalStateException if the session is closed
     */
    public long download(Path target) {
        return download(target, (soFar, total) -> {});
    }

    /**
     * Like {@link #download(Path)}, reporting progress after each chunk on the calling thread.
     *
     * @param target the file to create or replace
     * @param progress told the bytes written so far and the announced total
     * @return the number of bytes written
     * @throws NullPointerException if {@code target} or {@code progress} is null
     * @throws UncheckedIOException if the file cannot be written or moved
     * @throws HttpStatusException if the final status is 400 or more
     * @throws HttpConnectException if the server cannot be reached
     * @throws HttpCallTimeoutException if a phase of the call timed out
     * @throws HttpTransportException if the connection broke or the body was cut short
     * @throws HttpBodyTooLargeException if the body is larger than the cap
     * @throws HttpRedirectException if a redirect was refused
     * @throws dev.weft.CancelledException if the calling task is cancelled or the thread
     *     interrupted, before or during the call (see the type's documentation)
     * @throws IllegalStateException if the session is closed
     */
    public long download(Path target, DownloadProgress progress) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(progress, "progress");
        Path file = target.toAbsolutePath();
        return run((ex, finish) -> download(ex, file, progress));
    }

    /** Streams the body through the file helpers' atomic write: one mechanism, one set of rules. */
    private static long download(Exchange ex, Path file, DownloadProgress progress) {
        long total = ex.contentLength();
        long[] written = {0};
        try {
            AtomicWrite.write(
                    file,
                    WriteMode.ATOMIC,
                    false,
                    out -> {
                        WritableByteChannel sink =
                                Channels.newChannel(out); // not closed: the write owns out
                        for (ByteBuffer b = ex.next(); b != null; b = ex.next()) {
                            while (b.hasRemaining()) {
                                written[0] += sink.write(b);
                            }
                            progress.onProgress(written[0], total);
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write download to " + file, e);
        }
        return written[0];
    }

    /**
     * Runs the call, reads and drops the body (within the cap), and returns the status and headers;
     * the natural terminal for HEAD, or for a PUT or DELETE whose reply does not matter. Blocks as
     * described in the type's documentation.
     *
     * @return the status and headers
     * @throws HttpStatusException if the final status is 400 or more
     * @throws HttpConnectException if the server cannot be reached
     * @throws HttpCallTimeoutException if a phase of the call timed out
     * @throws HttpTransportException if the connection broke or the body was cut short
     * @throws HttpBodyTooLargeException if the body is larger than the cap
     * @throws HttpRedirectException if a redirect was refused
     * @throws dev.weft.CancelledException if the calling task is cancelled or the thread
     *     interrupted, before or during the call (see the type's documentation)
     * @throws IllegalStateException if the session is closed
     */
    public HttpResponseHead discard() {
        return run(
                (ex, finish) -> {
                    ex.readAll();
                    return new HttpResponseHead(
                            ex.status, Redaction.uriObject(ex.uri), ex.headers());
                });
    }

    /**
     * Runs the call up to the response headers and returns the open response, whose body the caller
     * reads and which the caller must close (try-with-resources): until then it holds a connection
     * and the session's permits. Blocks and fails like the other terminals up to the headers;
     * reading the body then blocks and fails as {@link HttpStreamingResponse} says.
     *
     * @return the open response
     * @throws HttpStatusException if the final status is 400 or more
     * @throws HttpConnectException if the server cannot be reached
     * @throws HttpCallTimeoutException if a phase of the call timed out
     * @throws HttpTransportException if the connection broke or the body was cut short
     * @throws HttpBodyTooLargeException if the body is larger than the cap
     * @throws HttpRedirectException if a redirect was refused
     * @throws dev.weft.CancelledException if the calling task is cancelled or the thread
     *     interrupted, before or during the call (see the type's documentation)
     * @throws IllegalStateException if the session is closed
     */
    public HttpStreamingResponse stream() {
        return run(
                new HttpEngine.Terminal<>() {
                    @Override
                    public HttpStreamingResponse consume(
                            Exchange exchange, java.util.function.Consumer<Throwable> finish) {
                        return new HttpStreamingResponse(exchange, finish);
                    }

                    @Override
                    public boolean keepsOpen() {
                        return true;
                    }
                });
    }

    private <T> T run(HttpEngine.Terminal<T> terminal) {
        session.ensureOpen();
        Map<String, List<String>> merged = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        merged.putAll(session.defaultHeaders());
        merged.putAll(headers);
        if (bodyType != null) {
            merged.putIfAbsent("Content-Type", List.of(bodyType));
        }
        return session.engine()
                .execute(
                        new CallSpec(
                                method, withQuery(), merged, body, idempotent, maxResponseBytes),
                        terminal);
    }

    private URI withQuery() {
        if (query.isEmpty()) {
            return uri;
        }
        StringJoiner q = new StringJoiner("&");
        query.forEach(q::add);
        String text = uri.toString();
        int hash = text.indexOf('#');
        String fragment = hash < 0 ? "" : text.substring(hash);
        String base = hash < 0 ? text : text.substring(0, hash);
        return URI.create(base + (uri.getRawQuery() == null ? "?" : "&") + q + fragment);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static void checkHeader(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        // The JDK's own check: token name, no CR/LF in the value, no restricted names.
        HttpRequest.newBuilder(URI.create("http://localhost/")).header(name, value);
    }

    private static Charset charset(Exchange ex) {
        String type = ex.header("content-type");
        if (type == null) {
            return StandardCharsets.UTF_8;
        }
        for (String param : type.split(";", -1)) {
            String p = param.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                String name = p.substring("charset=".length()).replace("\"", "").strip();
                try {
                    return Charset.forName(name);
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
