package dev.weft.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import dev.weft.io.TestCa;
import dev.weft.test.http.JsonPlaceholderServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.CookieManager;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * The option examples of docs/http.md, each a static method quoted by the guide (regions) and run
 * here against local servers: a TLS server signed by a CA made by the test ({@link TestCa}), a
 * proxy in the test, the placeholder server.
 */
@Timeout(120)
@org.junit.jupiter.api.extension.ExtendWith(dev.weft.io.net.SocketLeakCheck.class)
class HttpGuideExamplesTest {
    @TempDir static Path dir;

    private static TestCa ca;
    private static Path caPem;
    private static Path clientKeys;
    private static JsonPlaceholderServer plain;
    private static JsonPlaceholderServer mutual;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCa.create("Weft Test CA");
        caPem = ca.writeCaPem(dir.resolve("ca.pem"));
        clientKeys =
                ca.writeClientKeyStore(
                        dir.resolve("client.p12"), "client", "changeit".toCharArray());
        mutual =
                JsonPlaceholderServer.startHttpsWithClientAuth(
                        ca.serverContextTrustingClients("127.0.0.1", "localhost"));
        plain = JsonPlaceholderServer.start();
    }

    @AfterAll
    static void stop() {
        mutual.close();
        plain.close();
    }

    static String privateCa(URI baseUri, Path caPem, Path clientP12, char[] password)
            throws Exception {
        // region tls
        KeyStore trusted = KeyStore.getInstance("PKCS12"); // the company's CA, from PEM
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trusted.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);

        KeyStore mine = KeyStore.getInstance("PKCS12"); // this client's key and certificate
        try (InputStream in = Files.newInputStream(clientP12)) {
            mine.load(in, password);
        }
        KeyManagerFactory keys =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(mine, password);

        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), trust.getTrustManagers(), null);

        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.3"}); // host names are verified regardless

        try (HttpSession http =
                HttpSession.builder()
                        .baseUri(baseUri)
                        .sslContext(tls)
                        .sslParameters(parameters)
                        .build()) {
            return http.get("/posts/1").text();
        }
        // endregion
    }

    @Test
    void privateCaAndClientCertificate() throws Exception {
        String post = privateCa(mutual.baseUri(), caPem, clientKeys, "changeit".toCharArray());
        assertTrue(post.contains("\"userId\": 1"), post);
    }

    static String throughProxy(String url, int proxyPort) {
        // region proxy
        try (HttpSession http =
                HttpSession.builder()
                        .proxy("127.0.0.1", proxyPort) // http: absolute form; https: CONNECT
                        .proxyAuthentication(
                                "alice", "s3cret".toCharArray()) // answers the proxy's 407 (Basic)
                        .build()) {
            return http.get(url).text();
        }
        // endregion
    }

    @Test
    void proxyExample() throws Exception {
        try (TestProxy proxy = TestProxy.withBasicAuth("alice", "s3cret")) {
            assertTrue(
                    throughProxy(plain.uri("/posts/1").toString(), proxy.port())
                            .contains("\"id\": 1"));
            assertTrue(
                    proxy.seen.stream().anyMatch(l -> l.endsWith("[auth ok]")),
                    proxy.seen.toString());
        }
    }

    static List<String> cookies(URI baseUri) {
        // region cookies
        CookieManager jar = new CookieManager(); // in memory, this session only
        try (HttpSession http = HttpSession.builder().baseUri(baseUri).cookieJar(jar).build()) {
            http.post("/faults/set-cookie?name=session&value=abc")
                    .discard(); // the response sets a cookie
            http.get("/posts/1").text(); // ... sent back from now on
            return jar.getCookieStore().getCookies().stream()
                    .map(c -> c.getName() + "=" + c.getValue())
                    .toList();
        }
        // endregion
    }

    @Test
    void cookieExample() {
        assertEquals(List.of("session=abc"), cookies(plain.baseUri()));
        assertTrue(
                plain.recordedRequests().stream()
                        .anyMatch(
                                r ->
                                        r.headers().entrySet().stream()
                                                .anyMatch(
                                                        h ->
                                                                h.getKey()
                                                                                .equalsIgnoreCase(
                                                                                        "Cookie")
                                                                        && h.getValue()
                                                                                .contains(
                                                                                        "session=abc"))));
    }

    static void uploads(
            HttpSession http,
            String upload,
            Path report,
            InputStream camera,
            InputStream export,
            long exportSize) {
        // region uploads
        http.put(upload).body(report, "application/pdf").discard(); // Content-Length, replayable
        http.put(upload).body(camera, "video/mp4").discard(); // chunked, read once, closed
        http.put(upload)
                .body(export, exportSize, "text/csv")
                .discard(); // Content-Length, read once
        http.post(upload).form(Map.of("user", "ada")).discard(); // url-encoded
        http.post(upload)
                .multipart(
                        HttpMultipart.builder() // multipart/form-data
                                .field("title", "Q3")
                                .file("attachment", report, "application/pdf")
                                .build())
                .discard();
        // endregion
    }

    @Test
    void uploadExample() throws Exception {
        Path report = Files.writeString(dir.resolve("report.pdf"), "%PDF-1.7 pretend");
        InputStream camera = new java.io.ByteArrayInputStream(new byte[4096]);
        InputStream export =
                new java.io.ByteArrayInputStream(
                        "a,b\n1,2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        plain.resetGauges();
        try (HttpSession http = HttpSession.builder().baseUri(plain.baseUri()).build()) {
            uploads(http, "/faults/echo", report, camera, export, 8);
        }
        List<String> types =
                plain.recordedRequests().stream()
                        .skip(plain.recordedRequests().size() - 5L)
                        .map(
                                r ->
                                        r.headers().entrySet().stream()
                                                .filter(
                                                        h ->
                                                                h.getKey()
                                                                        .equalsIgnoreCase(
                                                                                "Content-Type"))
                                                .findFirst()
                                                .orElseThrow()
                                                .getValue()
                                                .get(0))
                        .toList();
        assertEquals(
                List.of(
                        "application/pdf",
                        "video/mp4",
                        "text/csv",
                        "application/x-www-form-urlencoded"),
                types.subList(0, 4));
        assertTrue(types.get(4).startsWith("multipart/form-data; boundary="), types.get(4));
    }

    static String placeOrder(HttpSession http, String orders, String orderJson) {
        // region retries
        return http.post(orders)
                .header("Idempotency-Key", "order-7f3a") // the server drops duplicates,
                .idempotent() // so 429/502/503/504 are retried
                .body(orderJson.getBytes(StandardCharsets.UTF_8), "application/json")
                .text();
        // endregion
    }

    @Test
    void retryExample() {
        try (HttpSession http =
                HttpSession.builder()
                        .baseUri(plain.baseUri())
                        .retry(
                                HttpRetry.defaults()
                                        .withBackoff(Duration.ofMillis(1), Duration.ofMillis(2)))
                        .build()) {
            String placed =
                    placeOrder(
                            http,
                            "/faults/flaky?key=guide-order&failures=1&status=503",
                            "{\"sku\": 1}");
            assertTrue(placed.contains("\"ok\": true"), placed);
        }
        assertEquals(
                2,
                plain.recordedRequests().stream()
                        .filter(
                                r ->
                                        r.path().equals("/faults/flaky")
                                                && r.query().contains("guide-order"))
                        .count(),
                "the 503 was retried although the method is POST");
    }

    static Post jsonWithOwnMapper(URI baseUri) {
        // region json-mapper
        ObjectMapper mapper =
                JacksonJson.defaultMapper() // unknown properties ignored
                        .setPropertyNamingStrategy(PropertyNamingStrategies.LOWER_CAMEL_CASE);
        try (HttpSession http =
                HttpSession.builder()
                        .baseUri(baseUri)
                        .jsonCodec(JacksonJson.codec(mapper))
                        .build()) {
            return http.get("/posts/1").json(Post.class);
        }
        // endregion
    }

    @Test
    void ownMapperExample() {
        assertEquals(1, jsonWithOwnMapper(plain.baseUri()).id());
    }

    static String errors(HttpSession http) {
        // region errors
        try {
            return http.get("/posts/1").json(Post.class).title();
        } catch (HttpConnectException e) { // never reached the server
            return switch (e.reason()) {
                case REFUSED, UNKNOWN_HOST, NO_ROUTE -> "down after " + e.attempts() + " attempts";
                case TLS -> "certificate problem: " + e.getMessage(); // never retried
                case OTHER -> "cannot connect: " + e.getMessage();
            };
        } catch (HttpCallTimeoutException e) { // CONNECT: no answer (says how
            return e.phase() + " timed out: " + e.getMessage(); // many attempts); or a slow phase
        } catch (HttpJsonException e) {
            return e.kind() == HttpJsonException.Kind.NOT_JSON
                    ? "not JSON: " + e.bodyPrefix() // wrong URL, an HTML error page
                    : "our Post type is wrong: " + e.getMessage(); // valid JSON, wrong shape
        } catch (HttpStatusException e) {
            return "status " + e.status();
        }
        // endregion
    }

    @Test
    void errorsExample() {
        try (HttpSession down =
                HttpSession.builder()
                        .baseUri("http://127.0.0.1:1/")
                        .retry(
                                HttpRetry.defaults()
                                        .withBackoff(Duration.ofMillis(1), Duration.ofMillis(2)))
                        .build()) {
            assertEquals("down after 3 attempts", errors(down));
        }
        try (HttpSession up = HttpSession.builder().baseUri(plain.baseUri()).build()) {
            assertTrue(errors(up).startsWith("sunt aut facere"));
        }
    }

    static HttpSession configured(URI baseUri, List<HttpCallEvent> metrics) {
        // region configuration
        return HttpSession.builder()
                .baseUri(baseUri)
                .header("Accept", "application/json") // on every call
                .userAgent("inventory-sync/2.1")
                .timeouts(
                        HttpTimeouts.defaults()
                                .withConnect(Duration.ofSeconds(3))
                                .withHeaders(Duration.ofSeconds(10))
                                .withBodyIdle(Duration.ofSeconds(10))
                                .withTotal(Duration.ofMinutes(1)))
                .limits(
                        HttpLimits.defaults()
                                .withMaxConcurrent(50)
                                .withMaxPerHost(20)
                                .withMaxResponseBytes(4L << 20)
                                .withMaxRedirects(5))
                .retry(
                        HttpRetry.defaults()
                                .withMaxAttempts(4)
                                .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(5)))
                .listener(metrics::add) // one event per call
                .build();
        // endregion
    }

    @Test
    void configurationExample() {
        List<HttpCallEvent> events = new CopyOnWriteArrayList<>();
        try (HttpSession http = configured(plain.baseUri(), events)) {
            assertEquals(200, http.get("/posts/1").discard().status());
        }
        assertEquals(1, events.size());
        assertEquals(
                "inventory-sync/2.1",
                plain
                        .recordedRequests()
                        .get(plain.recordedRequests().size() - 1)
                        .headers()
                        .entrySet()
                        .stream()
                        .filter(h -> h.getKey().equalsIgnoreCase("User-Agent"))
                        .findFirst()
                        .orElseThrow()
                        .getValue()
                        .get(0));
    }

    static String http2(URI baseUri, SSLContext tls) {
        // region http2
        try (HttpSession http =
                HttpSession.builder()
                        .baseUri(baseUri)
                        .sslContext(tls)
                        .http2() // java.net.http: HTTP/2 over TLS (ALPN)
                        .build()) {
            return http.get("/posts/1").text();
        }
        // endregion
    }

    @Test
    void http2Example() throws Exception {
        assertTrue(http2(mutual.baseUri(), ca.clientContext("client")).contains("\"id\": 1"));
    }
}
