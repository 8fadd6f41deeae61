package dev.weft.test.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The routes of {@link JsonPlaceholderServer}: the jsonplaceholder data set and the fault injection
 * endpoints. One handler instance serves every exchange, concurrently.
 */
final class PlaceholderHandler implements HttpHandler {
    private static final int RECORDED = 256;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Pretty-printed as jsonplaceholder.typicode.com does: two spaces, {@code "key": value}, {@code
     * {}}.
     */
    private static final ObjectWriter WRITER = MAPPER.writer(prettyPrinter());

    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicLong requests = new AtomicLong();
    final java.util.concurrent.Semaphore arrivals = new java.util.concurrent.Semaphore(0);
    private final Deque<RecordedRequest> recorded = new ArrayDeque<>();
    private final Map<String, AtomicInteger> flaky = new ConcurrentHashMap<>();

    /** The in-flight gauge counts a request from its arrival until its response starts. */
    private final class Slot {
        private boolean open = true;

        void end() {
            if (open) {
                open = false;
                inFlight.decrementAndGet();
            }
        }
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        requests.incrementAndGet();
        Slot slot = new Slot();
        try (ex) {
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            record(ex);
            arrivals.release();
            byte[] requestBody = ex.getRequestBody().readAllBytes();
            pause(q, "delayMs");
            route(ex, slot, q, requestBody);
        } finally {
            slot.end();
        }
    }

    private void record(HttpExchange ex) {
        Map<String, List<String>> headers = new TreeMap<>();
        ex.getRequestHeaders()
                .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        String rawQuery = ex.getRequestURI().getRawQuery();
        RecordedRequest request =
                new RecordedRequest(
                        ex.getRequestMethod(),
                        ex.getRequestURI().getPath(),
                        rawQuery == null ? "" : rawQuery,
                        headers);
        synchronized (recorded) {
            recorded.addLast(request);
            if (recorded.size() > RECORDED) {
                recorded.pollFirst();
            }
        }
    }

    List<RecordedRequest> recorded() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    private void route(HttpExchange ex, Slot slot, Map<String, String> q, byte[] requestBody)
            throws IOException {
        String method = ex.getRequestMethod();
        String[] p =
                Arrays.stream(ex.getRequestURI().getPath().split("/"))
                        .filter(s -> !s.isEmpty())
                        .toArray(String[]::new);
        String first = p.length > 0 ? p[0] : "";
        switch (first) {
            case "posts" -> posts(ex, slot, q, p, method, requestBody);
            case "users" -> {
                if (p.length == 1) {
                    json(ex, slot, q, 200, PlaceholderData.users());
                } else {
                    Integer id = id(p[1], PlaceholderData.USERS);
                    json(
                            ex,
                            slot,
                            q,
                            id == null ? 404 : 200,
                            id == null ? Map.of() : PlaceholderData.user(id));
                }
            }
            case "comments" ->
                    json(ex, slot, q, 200, PlaceholderData.comments(intParam(q, "postId")));
            case "faults" -> faults(ex, slot, q, p, method, requestBody);
            default -> json(ex, slot, q, 404, Map.of());
        }
    }

    private void posts(
            HttpExchange ex,
            Slot slot,
            Map<String, String> q,
            String[] p,
            String method,
            byte[] body)
            throws IOException {
        if (p.length == 1) {
            if (method.equals("POST")) {
                respond(
                        ex,
                        slot,
                        q,
                        201,
                        "application/json; charset=utf-8",
                        withId(body, PlaceholderData.POSTS + 1));
            } else {
                json(ex, slot, q, 200, PlaceholderData.posts(intParam(q, "userId")));
            }
            return;
        }
        Integer id = id(p[1], PlaceholderData.POSTS);
        if (id == null) {
            json(ex, slot, q, 404, Map.of());
        } else if (p.length == 3 && p[2].equals("comments")) {
            json(ex, slot, q, 200, PlaceholderData.comments(id));
        } else if (method.equals("PUT") || method.equals("PATCH")) {
            respond(ex, slot, q, 200, "application/json; charset=utf-8", withId(body, id));
        } else if (method.equals("DELETE")) {
            json(ex, slot, q, 200, Map.of());
        } else {
            json(ex, slot, q, 200, PlaceholderData.post(id));
        }
    }

    private void faults(
            HttpExchange ex,
            Slot slot,
            Map<String, String> q,
            String[] p,
            String method,
            byte[] body)
            throws IOException {
        String name = p.length > 1 ? p[1] : "";
        switch (name) {
            case "status" -> {
                int status = p.length > 2 ? Integer.parseInt(p[2]) : 500;
                if (q.containsKey("retryAfter")) {
                    ex.getResponseHeaders().set("Retry-After", q.get("retryAfter"));
                }
                json(
                        ex,
                        slot,
                        q,
                        status,
                        Map.of("status", status, "error", "injected status " + status));
            }
            case "flaky" -> {
                int attempt =
                        flaky.computeIfAbsent(q.getOrDefault("key", ""), k -> new AtomicInteger())
                                .incrementAndGet();
                int failures = intParam(q, "failures", 1);
                if (attempt <= failures) {
                    int status = intParam(q, "status", 503);
                    if (q.containsKey("retryAfter")) {
                        ex.getResponseHeaders().set("Retry-After", q.get("retryAfter"));
                    }
                    json(
                            ex,
                            slot,
                            q,
                            status,
                            Map.of("attempt", attempt, "error", "injected failure"));
                } else {
                    json(ex, slot, q, 200, Map.of("attempt", attempt, "ok", true));
                }
            }
            case "reset" -> {
                slot.end();
                // The server closes the connection without a response when a handler throws.
                throw new IOException("injected connection reset");
            }
            case "truncated" -> {
                int bytes = intParam(q, "bytes", 1000);
                slot.end();
                ex.sendResponseHeaders(200, bytes * 2L);
                OutputStream out = ex.getResponseBody();
                out.write(filler(bytes));
                out.flush();
                throw new IOException("injected truncated body");
            }
            case "huge" -> huge(ex, slot, q);
            case "redirect" -> {
                int hops = intParam(q, "hops", 1);
                String next =
                        hops <= 1
                                ? "/posts/1"
                                : "/faults/redirect?hops=" + (hops - 1) + statusParam(q);
                redirect(ex, slot, q, next);
            }
            case "loop" -> redirect(ex, slot, q, "/faults/loop");
            case "redirect-to" -> redirect(ex, slot, q, q.getOrDefault("location", "/posts/1"));
            case "echo" -> echo(ex, slot, q, method, body);
            case "set-cookie" -> {
                ex.getResponseHeaders()
                        .add(
                                "Set-Cookie",
                                q.getOrDefault("name", "session")
                                        + "="
                                        + q.getOrDefault("value", "1")
                                        + "; Path=/");
                json(ex, slot, q, 200, Map.of());
            }
            default -> json(ex, slot, q, 404, Map.of());
        }
    }

    private void huge(HttpExchange ex, Slot slot, Map<String, String> q) throws IOException {
        long bytes = q.containsKey("bytes") ? Long.parseLong(q.get("bytes")) : 10L * 1024 * 1024;
        boolean chunked = Boolean.parseBoolean(q.getOrDefault("chunked", "false"));
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        slot.end();
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().set("Content-Length", String.valueOf(bytes));
            ex.sendResponseHeaders(200, -1);
            return;
        }
        ex.sendResponseHeaders(200, chunked ? 0 : bytes);
        OutputStream out = ex.getResponseBody();
        byte[] block = filler(64 * 1024);
        for (long left = bytes; left > 0; ) {
            int n = (int) Math.min(block.length, left);
            out.write(block, 0, n);
            left -= n;
            if (left > 0 && q.containsKey("chunkDelayMs")) {
                out.flush();
                pause(q, "chunkDelayMs");
            }
        }
    }

    private void redirect(HttpExchange ex, Slot slot, Map<String, String> q, String location)
            throws IOException {
        int status = intParam(q, "status", 302);
        ex.getResponseHeaders().set("Location", location);
        json(ex, slot, q, status, Map.of("redirect", location));
    }

    private void echo(HttpExchange ex, Slot slot, Map<String, String> q, String method, byte[] body)
            throws IOException {
        Map<String, Object> headers = new TreeMap<>();
        ex.getRequestHeaders()
                .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("method", method);
        out.put("path", ex.getRequestURI().getPath());
        out.put(
                "query",
                ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery());
        out.put("headers", headers);
        out.put("body", new String(body, StandardCharsets.UTF_8));
        json(ex, slot, q, 200, out);
    }

    private static String statusParam(Map<String, String> q) {
        return q.containsKey("status") ? "&status=" + q.get("status") : "";
    }

    private void json(HttpExchange ex, Slot slot, Map<String, String> q, int status, Object value)
            throws IOException {
        respond(ex, slot, q, status, "application/json; charset=utf-8", write(value));
    }

    private static DefaultPrettyPrinter prettyPrinter() {
        Separators separators =
                Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("")
                        .withArrayEmptySeparator("");
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        return new DefaultPrettyPrinter(separators)
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
    }

    /** The value as pretty-printed UTF-8 JSON. */
    static byte[] write(Object value) {
        try {
            return WRITER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the test data is not serialisable", e);
        }
    }

    /**
     * Sends a response, honouring the body faults: {@code chunkDelayMs} (with {@code chunks},
     * default 4) spreads the body over chunks with a pause between them, {@code stallAfterBytes}
     * sends that many bytes and then holds the connection open until the server closes.
     */
    private void respond(
            HttpExchange ex, Slot slot, Map<String, String> q, int status, String type, byte[] body)
            throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        slot.end();
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        Integer stall = intParam(q, "stallAfterBytes");
        if (stall != null) {
            ex.sendResponseHeaders(status, 0);
            OutputStream out = ex.getResponseBody();
            out.write(body, 0, Math.min(stall, body.length));
            out.flush();
            try {
                new java.util.concurrent.CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("server closing", e);
            }
            return;
        }
        if (q.containsKey("chunkDelayMs") && body.length > 0) {
            int chunks = Math.max(1, Math.min(body.length, intParam(q, "chunks", 4)));
            ex.sendResponseHeaders(status, 0);
            OutputStream out = ex.getResponseBody();
            int step = (body.length + chunks - 1) / chunks;
            for (int off = 0; off < body.length; off += step) {
                if (off > 0) {
                    pause(q, "chunkDelayMs");
                }
                out.write(body, off, Math.min(step, body.length - off));
                out.flush();
            }
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
    }

    private static void pause(Map<String, String> q, String name) throws IOException {
        String value = q.get(name);
        if (value == null) {
            return;
        }
        try {
            Thread.sleep(Long.parseLong(value));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("server closing", e);
        }
    }

    /** Like the real site: the posted object with {@code id} set (replacing any id sent). */
    private static byte[] withId(byte[] body, int id) {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            if (body.length > 0
                    && MAPPER.readValue(body, Object.class) instanceof Map<?, ?> posted) {
                posted.forEach((k, v) -> out.put(String.valueOf(k), v));
            }
        } catch (IOException notJson) {
            // The real site also answers with just the id when the body is not a JSON object.
        }
        out.put("id", id);
        return write(out);
    }

    private static byte[] filler(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    private static @Nullable Integer id(String s, int max) {
        try {
            int id = Integer.parseInt(s);
            return id >= 1 && id <= max ? id : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The integer query parameter {@code name}, or {@code absent} when missing or not a number. */
    private static int intParam(Map<String, String> q, String name, int absent) {
        Integer v = intParam(q, name);
        return v == null ? absent : v;
    }

    private static @Nullable Integer intParam(Map<String, String> q, String name) {
        try {
            return q.containsKey(name) ? Integer.valueOf(q.get(name)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, String> query(@Nullable String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&", -1)) {
            int eq = pair.indexOf('=');
            String k =
                    URLDecoder.decode(
                            eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v =
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.putIfAbsent(k, v);
        }
        return q;
    }
}
