package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import javax.management.ObjectName;

@Timeout(30)
class TaskTreeTest {

    @AfterEach
    void debugOff() {
        TaskTree.setDebug(false);
    }

    /** Runs {@code inspect} while a tree run -> main -> scope 'crawl' -> two tasks is live. */
    private static void withLiveTree(Runnable inspect) throws Exception {
        CountDownLatch fetchersBlocked = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread runner =
                Thread.ofPlatform()
                        .name("tree-runner")
                        .start(
                                () -> {
                                    try {
                                        Weft.run(
                                                () ->
                                                        Weft.scope(
                                                                ScopeOptions.defaults()
                                                                        .withName("crawl"),
                                                                s -> {
                                                                    Task<Void> a =
                                                                            s.fork(
                                                                                    "fetch-a",
                                                                                    () -> {
                                                                                        fetchersBlocked
                                                                                                .countDown();
                                                                                        release
                                                                                                .await();
                                                                                    });
                                                                    s.fork(
                                                                            "fetch-b",
                                                                            () -> {
                                                                                fetchersBlocked
                                                                                        .countDown();
                                                                                a.join();
                                                                            });
                                                                }));
                                    } catch (Throwable t) {
                                        failure.set(t);
                                    }
                                });
        fetchersBlocked.await();
        try {
            inspect.run();
        } finally {
            release.countDown();
            runner.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    @Test
    void snapshotShowsNestedScopesTasksAndJoinEdges() throws Exception {
        withLiveTree(
                () -> {
                    List<TaskTree.ScopeInfo> roots = TaskTree.snapshot();
                    assertEquals(1, roots.size());
                    TaskTree.ScopeInfo run = roots.get(0);
                    assertEquals("run", run.name());
                    assertEquals("tree-runner", run.owner());
                    TaskTree.TaskInfo main = run.tasks().get(0);
                    assertEquals("main", main.name());
                    TaskTree.ScopeInfo crawl = main.scopes().get(0);
                    assertEquals("crawl", crawl.name());
                    assertEquals(
                            List.of("fetch-a", "fetch-b"),
                            crawl.tasks().stream().map(TaskTree.TaskInfo::name).toList());
                    TaskTree.TaskInfo b = crawl.tasks().get(1);
                    awaitJoining(b.name(), "task 'fetch-a'");
                    assertTrue(main.forkSite().isEmpty(), "no fork sites outside debug mode");
                    assertTrue(main.age().isEmpty(), "no fork times outside debug mode either");
                    assertTrue(
                            run.age().compareTo(java.time.Duration.ZERO) >= 0,
                            "a scope's age is always known");
                    String text = TaskTree.render();
                    assertTrue(text.contains("scope 'run'"), text);
                    assertTrue(text.contains("└─ task 'main' RUNNING"), text);
                    assertTrue(text.contains("scope 'crawl' open"), text);
                    assertTrue(text.contains("task 'fetch-b' RUNNING"), text);
                    assertTrue(text.contains("joining task 'fetch-a'"), text);
                });
        assertEquals("(no open scopes)\n", TaskTree.render());
    }

    /**
     * Issue 15, item 10: the type's doc said each scope is read under its own lock; describe()
     * takes none, and a snapshot must not wait for a scope that is busy cancelling or reporting.
     * The doc now says so, and this pins it (the code was right; the doc was false).
     */
    @Test
    void aSnapshotTakesNoScopeLockSoABusyScopeDoesNotStallIt() throws Exception {
        java.lang.reflect.Field lockField = ScopeImpl.class.getDeclaredField("lock");
        lockField.setAccessible(true);
        withLiveTree(
                () -> {
                    ScopeImpl run = ScopeImpl.ROOTS.iterator().next();
                    java.util.concurrent.locks.ReentrantLock lock;
                    try {
                        lock = (java.util.concurrent.locks.ReentrantLock) lockField.get(run);
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                    CountDownLatch held = new CountDownLatch(1);
                    CountDownLatch done = new CountDownLatch(1);
                    Thread holder =
                            Thread.ofPlatform()
                                    .start(
                                            () -> {
                                                lock.lock();
                                                try {
                                                    held.countDown();
                                                    done.await();
                                                } catch (InterruptedException e) {
                                                    Thread.currentThread().interrupt();
                                                } finally {
                                                    lock.unlock();
                                                }
                                            });
                    try {
                        held.await();
                        assertEquals(
                                "run",
                                TaskTree.snapshot().get(0).name(),
                                "snapshot returned while the lock was held");
                        assertTrue(TaskTree.render().contains("scope 'crawl'"));
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    } finally {
                        done.countDown();
                    }
                    try {
                        holder.join();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                });
    }

    /** The join edge is set by fetch-b's thread as it starts waiting: wait for it to show. */
    private static void awaitJoining(String taskName, String expected) {
        for (int i = 0; i < 100_000; i++) {
            String joining =
                    TaskTree.snapshot().get(0).tasks().get(0).scopes().get(0).tasks().stream()
                            .filter(t -> t.name().equals(taskName))
                            .findFirst()
                            .orElseThrow()
                            .joining()
                            .orElse("");
            if (joining.equals(expected)) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError(taskName + " never showed as joining " + expected);
    }

    @Test
    void forkSitesAndTimesAreRecordedInDebugModeOnly() throws Exception {
        TaskTree.setDebug(true);
        withLiveTree(
                () -> {
                    TaskTree.TaskInfo a =
                            TaskTree.snapshot()
                                    .get(0)
                                    .tasks()
                                    .get(0)
                                    .scopes()
                                    .get(0)
                                    .tasks()
                                    .get(0);
                    assertTrue(
                            a.age().orElseThrow().compareTo(java.time.Duration.ZERO) >= 0,
                            a.toString());
                    assertTrue(
                            TaskTree.render()
                                    .matches(
                                            "(?s).*task 'fetch-a' RUNNING \\d+\\.\\d{3}s thread=.*"),
                            TaskTree.render());
                    List<StackTraceElement> site = a.forkSite().orElseThrow();
                    assertTrue(
                            site.stream()
                                    .anyMatch(
                                            e ->
                                                    e.getClassName()
                                                            .equals(TaskTreeTest.class.getName())),
                            site.toString());
                    assertTrue(
                            TaskTree.render().contains("forked at dev.weft.TaskTreeTest"),
                            TaskTree.render());
                });
    }

    @Test
    void watchdogNamesAStuckChildThatIgnoresCancellation() throws Exception {
        TaskTree.setDebug(true);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch warned = new CountDownLatch(1);
        try (LogCapture log = new LogCapture()) {
            Thread releaser =
                    Thread.ofVirtual()
                            .start(
                                    () -> {
                                        try {
                                            // released only once the watchdog has spoken: ordering
                                            // by event, not by time
                                            while (log.events().stream()
                                                    .noneMatch(
                                                            e ->
                                                                    e.getLevel() == Level.WARN
                                                                            && e.getFormattedMessage()
                                                                                    .contains(
                                                                                            "stubborn"))) {
                                                Thread.sleep(5);
                                            }
                                        } catch (InterruptedException e) {
                                            return;
                                        }
                                        warned.countDown();
                                    });
            try (Scope s = Scope.open(ScopeOptions.defaults().withName("patient"))) {
                s.fork(
                        "stubborn",
                        () -> {
                            started.countDown();
                            while (true) {
                                try {
                                    warned.await();
                                    return null;
                                } catch (InterruptedException ignored) {
                                    // ignores cancellation on purpose
                                }
                            }
                        });
                started.await();
            } // close cancels, then waits: the watchdog must name the stuck task
            releaser.join();
            String all =
                    String.join(
                            "\n", log.events().stream().map(e -> e.getFormattedMessage()).toList());
            assertTrue(all.contains("stubborn"), all);
            assertTrue(all.contains("forked at"), all);
        }
    }

    @Test
    void jfrEventsAreRecordedForForkEndCancelAndTimeout(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("weft.jfr");
        Weft.run(() -> null); // Weft's event types are registered before the recording starts
        try (Recording r = new Recording()) {
            r.enable("dev.weft.Task");
            r.enable("dev.weft.Scope");
            r.start();
            try {
                Weft.withTimeout(
                        java.time.Duration.ofMillis(20),
                        () -> {
                            Weft.sleep(java.time.Duration.ofHours(1));
                            return null;
                        });
            } catch (DeadlineExceededException expected) {
                // recorded below
            }
            try (Scope s = Scope.open(ScopeOptions.defaults().withName("jfr"))) {
                s.fork("jfr-task", () -> Weft.sleep(java.time.Duration.ofHours(1)));
                s.cancel("stop");
            }
            r.stop();
            r.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        assertTrue(Files.size(file) > 0);
        assertTrue(
                events.stream()
                        .anyMatch(
                                e ->
                                        e.getEventType().getName().equals("dev.weft.Scope")
                                                && "timeout".equals(e.getString("action"))),
                events.toString());
        List<RecordedEvent> taskEvents =
                events.stream()
                        .filter(
                                e ->
                                        e.getEventType().getName().equals("dev.weft.Task")
                                                && "jfr-task".equals(e.getString("task")))
                        .toList();
        assertTrue(
                taskEvents.stream().anyMatch(e -> "fork".equals(e.getString("action"))),
                taskEvents.toString());
        assertTrue(
                taskEvents.stream().anyMatch(e -> "cancel".equals(e.getString("action"))),
                taskEvents.toString());
        assertTrue(
                taskEvents.stream()
                        .anyMatch(
                                e ->
                                        "end".equals(e.getString("action"))
                                                && "CANCELLED".equals(e.getString("detail"))),
                taskEvents.toString());
    }

    @Test
    void mbeanRendersTheTreeForJmxClients() throws Exception {
        TaskTree.registerMBean();
        Object text =
                ManagementFactory.getPlatformMBeanServer()
                        .invoke(
                                new ObjectName("dev.weft:type=TaskTree"),
                                "render",
                                new Object[0],
                                new String[0]);
        assertEquals("(no open scopes)\n", text);
    }
}
