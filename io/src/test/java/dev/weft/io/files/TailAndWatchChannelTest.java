package dev.weft.io.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Channel;
import dev.weft.ChannelFailedException;
import dev.weft.Scope;
import dev.weft.Task;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * tail and watch feeding core's Channel: back-pressure, closing with the scope, failing on errors.
 */
@Timeout(60)
class TailAndWatchChannelTest {
    private static final Duration POLL = Duration.ofMillis(20);

    @TempDir Path dir;

    @Test
    void tailFeedsABoundedChannelAndClosesItWhenItsScopeEnds() throws Exception {
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            content.append("line ").append(i).append('\n');
        }
        Path log = Files.writeString(dir.resolve("app.log"), content);
        Channel<String> lines = Channel.bounded(2); // far fewer slots than lines: back-pressure
        List<String> got = new ArrayList<>();
        Task<Void> tail;
        try (Scope scope = Scope.open()) {
            tail = scope.fork("tail", () -> WeftFiles.tail(log, POLL, lines));
            for (int i = 0; i < 50; i++) {
                got.add(lines.receive());
            }
            Files.writeString(log, "appended\n", StandardOpenOption.APPEND);
            assertEquals("appended", lines.receive());
            scope.cancel("read enough");
        }
        assertEquals(Task.State.CANCELLED, tail.state());
        assertEquals("line 0", got.get(0));
        assertEquals("line 49", got.get(49));
        assertTrue(lines.isClosed(), "the tail closed its channel when its scope ended");
        assertEquals(List.of(), lines.stream().toList(), "receivers end normally");
    }

    @Test
    void receiversClosingTheChannelEndTheTailNormally() throws Exception {
        Path log = Files.writeString(dir.resolve("app.log"), "first\n");
        Channel<String> lines = Channel.rendezvous();
        Task<Void> tail;
        try (Scope scope = Scope.open()) {
            tail = scope.fork("tail", () -> WeftFiles.tail(log, POLL, lines));
            assertEquals("first", lines.receive());
            lines.close();
            Files.writeString(log, "second\n", StandardOpenOption.APPEND);
            tail.join();
        }
        assertEquals(Task.State.SUCCEEDED, tail.state());
    }

    @Test
    void aFailingTailFailsItsChannel() throws Exception {
        Channel<String> lines = Channel.unbounded();
        assertThrows(FileSystemException.class, () -> WeftFiles.tail(dir, POLL, lines));
        ChannelFailedException e = assertThrows(ChannelFailedException.class, lines::receive);
        assertInstanceOf(FileSystemException.class, e.getCause());
    }

    @Test
    void watchFeedsAChannelAndStopsWithItsScope() throws Exception {
        Channel<FileEvent> events = Channel.unbounded();
        Task<Void> watch;
        try (Scope scope = Scope.open()) {
            watch = scope.fork("watch", () -> WeftFiles.watch(dir, POLL, events));
            // The watcher snapshots the directory when it starts; create probes until one is seen.
            FileEvent first = null;
            for (int k = 0; first == null && k < 100; k++) {
                Files.writeString(dir.resolve("probe-" + k), "p");
                first = events.tryReceive(Duration.ofMillis(200)).orElse(null);
            }
            assertTrue(
                    first != null && first.kind() == FileEvent.Kind.CREATED, String.valueOf(first));
            scope.cancel("saw an event");
        }
        assertEquals(Task.State.CANCELLED, watch.state());
        assertTrue(events.isClosed());
    }

    @Test
    void receiversClosingTheChannelEndTheWatchAtItsNextScan() throws Exception {
        Channel<FileEvent> events = Channel.unbounded();
        Task<Void> watch;
        try (Scope scope = Scope.open()) {
            watch = scope.fork("watch", () -> WeftFiles.watch(dir, POLL, events));
            events.close();
            watch.join();
        }
        assertEquals(Task.State.SUCCEEDED, watch.state());
    }
}
