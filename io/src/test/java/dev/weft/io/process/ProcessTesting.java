package dev.weft.io.process;

import dev.weft.io.process.internal.ProcessTree;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** Helpers of the subprocess tests: process-tree checks, open file descriptors, polling a state. */
final class ProcessTesting {
    private ProcessTesting() {}

    /**
     * Polls {@code condition} until it holds: for states of other processes (how many descendants a
     * shell has forked so far), which no latch can signal. Fails after 20 s instead of hanging.
     */
    static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(
                    2_000_000); // polling another process's state, not ordering events
        }
    }

    /**
     * Waits until {@code root} has at least {@code n} descendants and returns them with the root.
     */
    static List<ProcessHandle> treeOf(ProcessHandle root, int n) {
        awaitTrue(n + " descendants of " + root.pid(), () -> root.descendants().count() >= n);
        return ProcessTree.snapshot(root);
    }

    /**
     * The members of {@code tree} that still run. A killed orphan that the container's PID 1 has
     * not reaped is a zombie: dead, holding nothing but its pid, so it does not count.
     */
    static List<Long> survivors(List<ProcessHandle> tree) {
        return tree.stream().filter(ProcessTree::isRunning).map(ProcessHandle::pid).toList();
    }

    /** How many file descriptors this JVM has open, from /proc/self/fd (Linux). */
    static long openFds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether /proc/self/fd can be read (Linux). */
    static boolean canCountFds() {
        return Files.isDirectory(Path.of("/proc/self/fd"));
    }

    /** How many threads of the pipe pumps' platform pool run a call now, by name. */
    static long weftPlatformThreadsAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("weft-platform-"))
                .count();
    }
}
