package dev.weft.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Channel;
import dev.weft.Weft;
import dev.weft.io.files.FileEvent;
import dev.weft.io.files.FileHandle;
import dev.weft.io.files.SafeRoot;
import dev.weft.io.files.WeftFiles;
import dev.weft.io.files.WriteMode;
import dev.weft.io.http.DownloadProgress;
import dev.weft.io.http.HttpCall;
import dev.weft.io.http.HttpLimits;
import dev.weft.io.http.HttpListener;
import dev.weft.io.http.HttpPhase;
import dev.weft.io.http.HttpRetry;
import dev.weft.io.http.HttpSession;
import dev.weft.io.http.HttpTimeouts;
import dev.weft.io.net.HandlerFailurePolicy;
import dev.weft.io.net.TcpConnection;
import dev.weft.io.net.TcpServer;
import dev.weft.io.process.Command;
import dev.weft.io.process.Subprocess;
import dev.weft.test.http.JsonPlaceholderServer;
import dev.weft.testing.NullParameterMatrix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * The bad-input matrix of the io API and of the test artifact, over every public type of their
 * exported packages (found by scanning them, so a new type is covered without being listed here):
 * every public method and constructor, called with {@code null} in each reference parameter, throws
 * {@link NullPointerException} naming it, and with a negative {@link java.time.Duration} in each
 * duration parameter, {@link IllegalArgumentException} naming it (zero too where the duration is a
 * period or a standing limit), as docs/timeouts.md states the one rule; nothing hangs or touches
 * the file system or the network first.
 */
class IoBadInputTest {
    /** The exported packages whose public types are checked, found next to these classes. */
    private static final List<Class<?>> PACKAGE_ANCHORS =
            List.of(
                    WeftFiles.class,
                    HttpSession.class,
                    TcpServer.class,
                    Command.class,
                    JsonPlaceholderServer.class);

    /**
     * Durations that are a period of repeated work or a standing per-call limit: zero is refused
     * too (docs/timeouts.md, "Zero and negative durations").
     */
    private static final Set<String> POSITIVE =
            Set.of(
                    "WeftFiles.tail.pollInterval",
                    "WeftFiles.watch.pollInterval",
                    "HttpTimeouts.<init>.connect",
                    "HttpTimeouts.<init>.permit",
                    "HttpTimeouts.<init>.headers",
                    "HttpTimeouts.<init>.bodyIdle",
                    "HttpTimeouts.<init>.total",
                    "HttpTimeouts.withConnect.connect",
                    "HttpTimeouts.withPermit.permit",
                    "HttpTimeouts.withHeaders.headers",
                    "HttpTimeouts.withBodyIdle.bodyIdle",
                    "HttpTimeouts.withTotal.total",
                    "TcpServer.Builder.tlsHandshakeTimeout.timeout");

    /**
     * Parameters that accept null by contract: an exception's message or cause, a call's failure.
     */
    private static final List<String> NULL_ALLOWED =
            List.of(
                    "HttpCallEvent.<init>.failure",
                    "JsonCodec.MappingException.<init>.message",
                    "JsonCodec.MappingException.<init>.cause",
                    "IncompleteReadException.<init>.message",
                    "LimitOverrunException.<init>.message");

    /** Durations that carry a measured value, not a wait or a limit. */
    private static final Set<String> NOT_A_WAIT = Set.of("HttpCallEvent.<init>.duration");

    @Test
    @Timeout(60)
    void everyReferenceParameterRejectsNullAndEveryDurationFollowsTheRule(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("sample.txt");
        Files.writeString(file, "line\n");
        List<Class<?>> api = publicTypes();
        Weft.run(
                () -> {
                    TcpServer tcp =
                            TcpServer.builder()
                                    .start(
                                            c -> {
                                                for (String line; (line = c.readLine()) != null; ) {
                                                    c.writeLine(line);
                                                }
                                            });
                    try (JsonPlaceholderServer server = JsonPlaceholderServer.start();
                            HttpSession http =
                                    HttpSession.builder().baseUri(server.baseUri()).build();
                            FileHandle handle = WeftFiles.open(file, "r");
                            TcpConnection conn = TcpConnection.open("127.0.0.1", tcp.port());
                            Subprocess sleeper =
                                    Command.of("sleep", "600")
                                            .withGracePeriod(Duration.ZERO)
                                            .start()) {
                        NullParameterMatrix matrix =
                                new NullParameterMatrix()
                                        .sample(Path.class, file)
                                        .sample(Charset.class, StandardCharsets.UTF_8)
                                        .sample(CharSequence.class, "text")
                                        .sample(Iterable.class, List.of("a"))
                                        .sample(
                                                InputStream.class,
                                                new ByteArrayInputStream(new byte[0]))
                                        .sample(WriteMode.class, WriteMode.ATOMIC)
                                        .sample(URI.class, server.baseUri())
                                        .sample(Type.class, String.class)
                                        .sample(Channel.class, Channel.unbounded())
                                        .sample(HttpTimeouts.class, HttpTimeouts.defaults())
                                        .sample(HttpLimits.class, HttpLimits.defaults())
                                        .sample(HttpRetry.class, HttpRetry.defaults())
                                        .sample(HttpListener.class, (HttpListener) e -> {})
                                        .sample(
                                                DownloadProgress.class,
                                                (DownloadProgress) (done, total) -> {})
                                        .sample(HttpPhase.class, HttpPhase.TOTAL)
                                        .sample(FileEvent.Kind.class, FileEvent.Kind.CREATED)
                                        .sample(
                                                javax.net.ssl.SSLContext.class,
                                                javax.net.ssl.SSLContext.getDefault())
                                        .sample(
                                                javax.net.ssl.SSLParameters.class,
                                                new javax.net.ssl.SSLParameters())
                                        .sample(
                                                java.net.CookieHandler.class,
                                                new java.net.CookieManager())
                                        .sample(char[].class, new char[] {'x'})
                                        .sample(
                                                dev.weft.io.http.HttpMultipart.class,
                                                dev.weft.io.http.HttpMultipart.builder()
                                                        .field("a", "b")
                                                        .build())
                                        .sample(
                                                com.fasterxml.jackson.databind.ObjectMapper.class,
                                                new com.fasterxml.jackson.databind.ObjectMapper())
                                        .sample(
                                                TcpServer.Handler.class,
                                                (TcpServer.Handler) c -> {})
                                        .sample(
                                                HandlerFailurePolicy.class,
                                                HandlerFailurePolicy.log())
                                        .sample(
                                                BiConsumer.class,
                                                (BiConsumer<Object, Object>) (a, b) -> {})
                                        .sample(
                                                java.net.http.HttpHeaders.class,
                                                java.net.http.HttpHeaders.of(
                                                        Map.of(), (n, v) -> true))
                                        .target(FileHandle.class, () -> handle)
                                        .target(
                                                SafeRoot.class,
                                                () -> {
                                                    try {
                                                        return SafeRoot.of(dir);
                                                    } catch (IOException e) {
                                                        throw new UncheckedIOException(e);
                                                    }
                                                })
                                        .target(HttpSession.class, () -> http)
                                        .target(HttpSession.Builder.class, HttpSession::builder)
                                        .target(HttpCall.class, () -> http.get("/posts/1"))
                                        .target(HttpTimeouts.class, HttpTimeouts::defaults)
                                        .target(HttpLimits.class, HttpLimits::defaults)
                                        .target(HttpRetry.class, HttpRetry::defaults)
                                        .target(
                                                dev.weft.io.http.HttpMultipart.Builder.class,
                                                dev.weft.io.http.HttpMultipart::builder)
                                        .target(JsonPlaceholderServer.class, () -> server)
                                        .target(TcpConnection.class, () -> conn)
                                        .target(
                                                TcpConnection.Builder.class,
                                                () ->
                                                        TcpConnection.builder(
                                                                "127.0.0.1", tcp.port()))
                                        .target(TcpServer.class, () -> tcp)
                                        .target(TcpServer.Builder.class, TcpServer::builder)
                                        .sample(String[].class, new String[0])
                                        .sample(
                                                ProcessBuilder.Redirect.class,
                                                ProcessBuilder.Redirect.PIPE)
                                        .target(Command.class, () -> Command.of("true"))
                                        .target(Subprocess.class, () -> sleeper);
                        NULL_ALLOWED.forEach(matrix::allowNull);
                        int nulls = matrix.check(api);
                        Set<String> durations = matrix.checkDurations(api, POSITIVE, NOT_A_WAIT);
                        System.out.println(
                                "io bad-input matrix: "
                                        + api.size()
                                        + " types, "
                                        + nulls
                                        + " null parameters, "
                                        + durations.size()
                                        + " duration parameters checked");
                        assertTrue(nulls > 150, "checked only " + nulls);
                        assertTrue(
                                durations.containsAll(
                                        Set.of(
                                                "TcpConnection.Builder.connectTimeout.timeout",
                                                "TcpServer.shutdown.grace",
                                                "HttpRetry.withBackoff.initialBackoff",
                                                "Command.withGracePeriod.gracePeriod",
                                                "JsonPlaceholderServer.awaitArrival.timeout")),
                                durations::toString);
                        assertEquals(
                                tcp.port(),
                                conn.remoteAddress().getPort(),
                                "nothing closed the connection");
                        assertTrue(sleeper.isAlive(), "nothing waited for or ended the process");
                    } finally {
                        tcp.close();
                    }
                    return null;
                });
    }

    /**
     * Every public top-level and nested type of the packages of {@link #PACKAGE_ANCHORS}, read from
     * the classes directory or jar each comes from.
     */
    private static List<Class<?>> publicTypes()
            throws IOException, URISyntaxException, ClassNotFoundException {
        List<Class<?>> types = new ArrayList<>();
        for (Class<?> anchor : PACKAGE_ANCHORS) {
            Path location =
                    Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (FileSystem jar =
                    Files.isDirectory(location) ? null : FileSystems.newFileSystem(location)) {
                Path root = jar == null ? location : jar.getPath("/");
                Path dir = root.resolve(anchor.getPackageName().replace('.', '/'));
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                        String simple = f.getFileName().toString().replace(".class", "");
                        if (simple.equals("package-info")) {
                            continue;
                        }
                        Class<?> c =
                                Class.forName(
                                        anchor.getPackageName() + "." + simple,
                                        false,
                                        anchor.getClassLoader());
                        if (isPublicApi(c)) {
                            types.add(c);
                        }
                    }
                }
            }
        }
        types.sort(Comparator.comparing(Class::getName));
        assertTrue(
                types.containsAll(
                        List.of(
                                WeftFiles.class,
                                HttpSession.Builder.class,
                                TcpServer.Builder.class,
                                TcpConnection.class,
                                Command.class,
                                JsonPlaceholderServer.class)),
                types::toString);
        return types;
    }

    private static boolean isPublicApi(Class<?> c) {
        for (Class<?> t = c; t != null; t = t.getEnclosingClass()) {
            if (!Modifier.isPublic(t.getModifiers())
                    || t.isAnonymousClass()
                    || t.isLocalClass()
                    || t.isSynthetic()) {
                return false;
            }
        }
        return true;
    }
}
