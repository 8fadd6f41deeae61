package dev.weft.docs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.Channel;
import dev.weft.DeadlineExceededException;
import dev.weft.OnVirtualClock;
import dev.weft.Task;
import dev.weft.TaskTree;
import dev.weft.Weft;
import dev.weft.internal.VirtualClockControl;
import dev.weft.testing.Printed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the code the guides quote (the quoting itself is checked by {@code DocSnippetsTest}), so
 * that a snippet is not only compiled but does what its guide says. The tutorial examples are
 * quoted from the samples module, whose own tests check their output and timing.
 */
@Timeout(30)
class DocExamplesTest {

    @Test
    void readmeExample() throws Exception {
        assertEquals(
                new ReadmeSnippets.Page("user-42", List.of("order-1", "order-2")),
                Weft.run(() -> ReadmeSnippets.loadPage("42")));
        assertEquals(
                List.of("Page[user=user-42, orders=[order-1, order-2]]"),
                Printed.lines(() -> ReadmeSnippets.main(new String[0])));
    }

    @Test
    void scopes() throws Exception {
        ScopeSnippets.warmCaches(List.of("eu", "us"));
        assertEquals("name:7 avatar:7", ScopeSnippets.profile("7"));
        assertEquals("name:7 avatar:7", ScopeSnippets.summary("7"));
        AtomicReference<Map<String, String>> pages = new AtomicReference<>();
        List<String> printed =
                Printed.errLines(
                        () ->
                                pages.set(
                                        ScopeSnippets.crawl(
                                                List.of("a", "broken-1", "b", "broken-2"))));
        assertEquals(Map.of("a", "<html>a</html>", "b", "<html>b</html>"), pages.get());
        assertEquals(
                List.of(
                        "crawl: java.lang.IllegalStateException: cannot fetch broken-1",
                        "crawl: java.lang.IllegalStateException: cannot fetch broken-2"),
                printed.stream().sorted().toList());
        long t0 = System.nanoTime();
        assertEquals(
                Optional.of("shard-needle"),
                ScopeSnippets.firstShardWith(
                        List.of("shard-1", "shard-needle", "shard-3"), "needle"));
        assertTrue(
                Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 20,
                "the slow misses were cancelled");
        assertEquals(List.of("working on r-42"), Printed.lines(() -> ScopeSnippets.handle("r-42")));
    }

    @Test
    void cancellation() throws Exception {
        assertEquals(
                List.of("CANCELLED: user pressed stop"),
                Printed.lines(() -> CancellationSnippets.cancelAfter(Duration.ofMillis(20))));
        assertEquals(25, CancellationSnippets.countPrimes(100));
        Task<Void>[] drainer = holder();
        List<String> drained =
                Printed.lines(
                        () ->
                                Weft.run(
                                        () -> {
                                            LinkedBlockingQueue<String> q =
                                                    new LinkedBlockingQueue<>();
                                            q.add("one");
                                            drainer[0] =
                                                    Weft.fork(() -> CancellationSnippets.drain(q));
                                            Weft.sleep(Duration.ofMillis(20));
                                            drainer[0].cancel();
                                            assertThrows(
                                                    CancelledException.class, drainer[0]::join);
                                        }));
        assertEquals(List.of("got one"), drained);
        assertEquals(Task.State.CANCELLED, drainer[0].state());
        Path f = Files.createTempFile("weft-doc", ".bin");
        try {
            Files.write(f, new byte[] {1, 2, 3});
            assertArrayEquals(new byte[] {1, 2, 3}, CancellationSnippets.readHeader(f));
        } finally {
            Files.delete(f);
        }
        String r =
                Weft.run(
                        () -> {
                            Task<String> t = Weft.fork(CancellationSnippets::bestEffort);
                            Weft.sleep(Duration.ofMillis(20));
                            t.cancel();
                            String v = t.join();
                            assertEquals(Task.State.SUCCEEDED, t.state());
                            return v;
                        });
        assertEquals("partial result", r);
    }

    @Test
    void shieldAnswersOnTimeAndRunWaitsForTheSave() throws Exception {
        AtomicReference<String> answer = new AtomicReference<>();
        Thread caller =
                Thread.ofPlatform()
                        .start(
                                () ->
                                        answer.set(
                                                CancellationSnippets.saveWithin(
                                                        Duration.ofMillis(1))));
        // The root task "main" has returned its answer while "main-shielded" still saves.
        long guard = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!onlyTheShieldedSaveRuns() && System.nanoTime() < guard) {
            Thread.sleep(1);
        }
        assertTrue(onlyTheShieldedSaveRuns(), TaskTree.render());
        assertFalse(CancellationSnippets.SAVED.get());
        CancellationSnippets.DISK.countDown();
        caller.join();
        assertEquals("answered on time; the save goes on", answer.get());
        assertTrue(CancellationSnippets.SAVED.get(), "Weft.run returned after the save");
    }

    private static boolean onlyTheShieldedSaveRuns() {
        List<String> names = new ArrayList<>();
        for (TaskTree.ScopeInfo root : TaskTree.snapshot()) {
            root.tasks().forEach(t -> names.add(t.name()));
        }
        return names.equals(List.of("main-shielded"));
    }

    @SuppressWarnings("unchecked")
    private static Task<Void>[] holder() {
        return (Task<Void>[]) new Task<?>[1];
    }

    @Test
    void exceptions(@TempDir Path dir) throws Exception {
        assertEquals(
                "bad number: For input string: \"forty-two\"",
                ExceptionSnippets.firstFailureAsItself());
        Path a = Files.writeString(dir.resolve("a"), "A");
        Path b = Files.writeString(dir.resolve("b"), "BB");
        assertEquals(List.of("A", "BB"), ExceptionSnippets.readBoth(a, b));
        assertThrows(
                NoSuchFileException.class,
                () -> ExceptionSnippets.readBoth(a, dir.resolve("missing")));
        assertEquals(
                List.of(
                        a + ": 1 chars",
                        dir.resolve("missing")
                                + ": failed: java.nio.file.NoSuchFileException: "
                                + dir.resolve("missing")),
                Printed.lines(() -> ExceptionSnippets.report(List.of(a, dir.resolve("missing")))));
    }

    @Test
    @OnVirtualClock
    void timeouts(VirtualClockControl clock) throws Exception {
        String slow = "S".repeat(100); // 5 s of work against a 200 ms timeout
        assertEquals("n/a", TimeoutSnippets.quoteOrFallback(slow));
        assertEquals("AB=2", TimeoutSnippets.quoteOrFallback("AB"));
        assertEquals(Optional.empty(), TimeoutSnippets.quoteIfQuick(slow));
        assertEquals(List.of("A=1", "BB=2"), TimeoutSnippets.quotes(List.of("A", "BB")));
        assertThrows(
                DeadlineExceededException.class,
                () -> TimeoutSnippets.quotes(List.of("A".repeat(60))));
        assertEquals(15, TimeoutSnippets.readAll(List.of("abc", "abc", "abc", "abc", "abc", "")));
        assertEquals("m", TimeoutSnippets.fastestMirror(List.of("mirror-far-away", "m")));
        assertEquals(
                List.of("A=1", "BB=2", "CCC=3"),
                Printed.lines(() -> TimeoutSnippets.printAsTheyArrive(List.of("CCC", "A", "BB"))));
        // Each timeout fired at its deadline, each call took what its sleeps say: 200 ms + 100 ms
        // + 200 ms + 100 ms + 2 s + 600 ms + 20 ms + 150 ms, exactly, in no real time.
        assertEquals(Duration.ofMillis(3370), clock.elapsed());
    }

    @Test
    @OnVirtualClock
    void beyondTheTutorial() throws Exception {
        assertEquals("A B", BeyondTutorialSnippets.taskGroup());
        assertEquals("A B", BeyondTutorialSnippets.taskGroupWithResources());
        assertEquals("timed out", BeyondTutorialSnippets.withDeadline(Duration.ofMillis(30)));
        assertEquals("finished", BeyondTutorialSnippets.withDeadline(Duration.ofSeconds(20)));
        assertEquals(45, BeyondTutorialSnippets.producerConsumer());
        assertEquals("X", Weft.run(() -> BeyondTutorialSnippets.fetchLimited("x")));
    }

    @Test
    void comparison() throws Exception {
        ComparisonSnippets.Page expected =
                new ComparisonSnippets.Page("user-1", List.of("order-1", "order-2"));
        assertEquals(expected, ComparisonSnippets.loadPageWithExecutor("1"));
        assertEquals(expected, ComparisonSnippets.loadPageWithFutures("1"));
    }

    @Test
    void channels() throws Exception {
        assertEquals(List.of("5050"), Printed.lines(ChannelSnippets::sumThroughAChannel));

        Channel<String> orders = Channel.bounded(1);
        Channel<String> cancels = Channel.bounded(1);
        Channel<String> audit = Channel.bounded(1);
        orders.send("o-1");
        audit.send("earlier entry"); // full: the send clause cannot proceed
        assertEquals("order o-1", ChannelSnippets.handleOne(orders, cancels, audit, "entry"));
        assertEquals("earlier entry", audit.receive());
        assertEquals("audited", ChannelSnippets.handleOne(orders, cancels, audit, "entry"));
        assertEquals("entry", audit.receive());
        audit.send("earlier entry");
        assertEquals("idle", ChannelSnippets.handleOne(orders, cancels, audit, "entry"));

        Channel<String> lines = Channel.unbounded();
        lines.send("one");
        lines.send("two");
        lines.close();
        List<String> copied = new ArrayList<>();
        assertEquals(2, ChannelSnippets.copyUntilEnd(lines, copied));
        Channel<String> failing = Channel.unbounded();
        failing.send("three");
        failing.fail(new IllegalStateException("crashed"));
        IOException e =
                assertThrows(
                        IOException.class, () -> ChannelSnippets.copyUntilEnd(failing, copied));
        assertEquals("crashed", e.getCause().getMessage());
        assertEquals(List.of("one", "two", "three"), copied);

        Channel<String> a = Channel.unbounded();
        Channel<String> b = Channel.unbounded();
        a.send("a1");
        b.send("b1");
        b.send("b2");
        a.close();
        b.close();
        List<String> merged = ChannelSnippets.mergeUntilAllEnd(List.of(a, b));
        assertEquals(List.of("a1", "b1", "b2"), merged.stream().sorted().toList());

        ChannelSnippets.DONE.clear();
        assertEquals("<html>X</html>", ChannelSnippets.limited("x"));
        assertEquals(List.of("download x"), ChannelSnippets.DONE);

        ChannelSnippets.DONE.clear();
        ChannelSnippets.startWhenReady();
        assertEquals(
                List.of("warm up", "serve"), ChannelSnippets.DONE, "serve() waited for the event");
    }
}
