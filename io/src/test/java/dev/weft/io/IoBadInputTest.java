package dev.weft.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Channel;
import dev.weft.io.files.FileEvent;
import dev.weft.io.files.FileHandle;
import dev.weft.io.files.PathEscapeException;
import dev.weft.io.files.SafeRoot;
import dev.weft.io.files.TempPath;
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
import dev.weft.io.process.Command;
import dev.weft.io.process.ProcessResult;
import dev.weft.io.process.Subprocess;
import dev.weft.test.http.JsonPlaceholderServer;
import dev.weft.testing.NullParameterMatrix;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input matrix of the io API: every public method and constructor, called with
 * {@code null} in each reference parameter, throws {@link NullPointerException} naming it, and
 * nothing hangs or touches the file system or the network first.
 */
class IoBadInputTest {

    @Test
    @Timeout(60)
    void everyReferenceParameterRejectsNullByName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sample.txt");
        Files.writeString(file, "line\n");
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start();
                HttpSession http = HttpSession.builder().baseUri(server.baseUri()).build();
                FileHandle handle = WeftFiles.open(file, "r")) {
            NullParameterMatrix matrix = new NullParameterMatrix()
                    .sample(Path.class, file)
                    .sample(Charset.class, StandardCharsets.UTF_8)
                    .sample(CharSequence.class, "text")
                    .sample(Iterable.class, List.of("a"))
                    .sample(InputStream.class, new ByteArrayInputStream(new byte[0]))
                    .sample(WriteMode.class, WriteMode.ATOMIC)
                    .sample(URI.class, server.baseUri())
                    .sample(Type.class, String.class)
                    .sample(Channel.class, Channel.unbounded())
                    .sample(HttpTimeouts.class, HttpTimeouts.defaults())
                    .sample(HttpLimits.class, HttpLimits.defaults())
                    .sample(HttpRetry.class, HttpRetry.defaults())
                    .sample(HttpListener.class, (HttpListener) e -> { })
                    .sample(DownloadProgress.class, (DownloadProgress) (done, total) -> { })
                    .sample(HttpPhase.class, HttpPhase.TOTAL)
                    .sample(FileEvent.Kind.class, FileEvent.Kind.CREATED)
                    .sample(javax.net.ssl.SSLContext.class, javax.net.ssl.SSLContext.getDefault())
                    .sample(javax.net.ssl.SSLParameters.class, new javax.net.ssl.SSLParameters())
                    .sample(java.net.CookieHandler.class, new java.net.CookieManager())
                    .sample(char[].class, new char[] {'x'})
                    .sample(dev.weft.io.http.HttpMultipart.class,
                            dev.weft.io.http.HttpMultipart.builder().field("a", "b").build())
                    .sample(com.fasterxml.jackson.databind.ObjectMapper.class,
                            new com.fasterxml.jackson.databind.ObjectMapper())
                    .target(FileHandle.class, () -> handle)
                    .target(SafeRoot.class, () -> {
                        try {
                            return SafeRoot.of(dir);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .target(HttpSession.class, () -> http)
                    .target(HttpSession.Builder.class, HttpSession::builder)
                    .target(HttpCall.class, () -> http.get("/posts/1"))
                    .target(HttpTimeouts.class, HttpTimeouts::defaults)
                    .target(HttpLimits.class, HttpLimits::defaults)
                    .target(HttpRetry.class, HttpRetry::defaults)
                    .target(dev.weft.io.http.HttpMultipart.Builder.class, dev.weft.io.http.HttpMultipart::builder)
                    .target(JsonPlaceholderServer.class, () -> server)
                    .sample(String[].class, new String[0])
                    .sample(ProcessBuilder.Redirect.class, ProcessBuilder.Redirect.PIPE)
                    .target(Command.class, () -> Command.of("true"));
            int checked = matrix.check(List.of(WeftFiles.class, FileHandle.class, SafeRoot.class, TempPath.class,
                    HttpSession.class, HttpSession.Builder.class, HttpCall.class, HttpTimeouts.class,
                    HttpLimits.class, HttpRetry.class, JsonPlaceholderServer.class, FileEvent.class,
                    PathEscapeException.class, dev.weft.io.http.HttpMultipart.class,
                    dev.weft.io.http.HttpMultipart.Builder.class, dev.weft.io.http.JacksonJson.class,
                    Command.class, Subprocess.class, ProcessResult.class));
            System.out.println("io bad-input matrix: " + checked + " null parameters checked");
            assertTrue(checked > 50, "checked only " + checked);
        }
    }
}
