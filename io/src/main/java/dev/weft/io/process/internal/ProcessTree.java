package dev.weft.io.process.internal;

import dev.weft.internal.Waits;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/*
 * Ending a process and everything it started.
 *
 * Java cannot put a child in a process group of its own, so the tree is found through
 * ProcessHandle.descendants() (the /proc parent links on Linux), and it must be found while the
 * root still runs: once a parent dies its children are re-parented and no longer show up as
 * descendants. terminate() therefore snapshots the tree first and keeps every handle it has seen:
 *
 *   1. polite: SIGTERM (Process.destroy) to the root, then to every descendant;
 *   2. grace: wait until nothing of the tree runs, or the grace period is over, re-scanning the
 *      descendants of members still running so that children forked during shutdown are
 *      signalled too; the root's exit wakes the wait at once, descendants are polled;
 *   3. kill: SIGKILL (destroyForcibly) to every member still running and their descendants;
 *   4. reap: wait for the root (our child: the JDK's reaper thread collects its exit status), then
 *      for the killed descendants to stop running (bounded: a process in uninterruptible sleep
 *      can take long; what is left is logged).
 *
 * "Running" excludes zombies: a killed grandchild whose parent died is re-parented to init,
 * which reaps it; until then (or forever, in a container whose PID 1 does not reap)
 * ProcessHandle.isAlive() still says true for it, although it is dead and holds nothing but its
 * pid. On Linux the state letter in /proc/<pid>/stat tells them apart.
 *
 * A process that escaped anyway (re-parented before it was seen) may still hold one of the
 * process's pipes, and a pipe read only ends when every writer has closed it: the JDK cannot
 * force the end while a pump is blocked in the read. endPipeHolders() finds such processes by the
 * pipe's identity in /proc/<pid>/fd (recorded when the process started) and ends them the same
 * way, so no pipe stays open and no pump waits forever.
 *
 * Every wait goes through core's quiet waits: termination is cleanup, it must finish in a
 * cancelled task, and its timed waits follow core's clock.
 */
public final class ProcessTree {
    private static final Logger LOG = LoggerFactory.getLogger("dev.weft.io.process");
    private static final Duration FIRST_POLL = Duration.ofMillis(5);
    private static final Duration MAX_POLL = Duration.ofMillis(50);

    /** How long killed descendants may take to stop running before they are reported. */
    static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private ProcessTree() {}

    /** How a termination went, for tests and logs. */
    public record Termination(int signalled, int killed, List<Long> survivors) {}

    /** The root and its descendants now, root first. */
    public static List<ProcessHandle> snapshot(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        return tree;
    }

    /** Whether {@code h} is running: alive and not a zombie waiting to be reaped. */
    public static boolean isRunning(ProcessHandle h) {
        return h.isAlive() && !isZombie(h.pid());
    }

    private static boolean isZombie(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String s = Files.readString(stat, StandardCharsets.ISO_8859_1);
            int close = s.lastIndexOf(')');
            return close > 0 && close + 2 < s.length() && s.charAt(close + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return false; // no /proc (not Linux), or the process is gone: isAlive decides
        }
    }

    /**
     * Ends {@code root} and its descendants: SIGTERM to all, up to {@code grace} for them to exit,
     * SIGKILL to the rest, then waits until the root is reaped. Not a cancellation point.
     */
    public static Termination terminate(Process root, Duration grace) {
        return end(root, snapshot(root.toHandle()), grace);
    }

    /**
     * Ends the processes that still hold one of {@code pipes} open — descendants that escaped the
     * tree (re-parented before Weft saw them) and keep a pipe of the process, so that the pipe
     * reaches its end — with their descendants, as {@link #terminate}. Linux only; elsewhere it
     * finds nothing.
     */
    public static Termination endPipeHolders(Set<String> pipes, Duration grace) {
        List<ProcessHandle> holders = pipeHolders(pipes);
        if (holders.isEmpty()) {
            return new Termination(0, 0, List.of());
        }
        LOG.debug(
                "ending processes {} that still hold the pipes {} of a process that was ended",
                holders,
                pipes);
        List<ProcessHandle> all = new ArrayList<>();
        for (ProcessHandle h : holders) {
            all.addAll(snapshot(h));
        }
        return end(null, all, grace);
    }

    /**
     * The pipes ({@code pipe:[inode]}) that process {@code pid} has as stdin, stdout and stderr.
     */
    public static Set<String> pipesOf(long pid) {
        Set<String> pipes = new HashSet<>();
        for (int fd = 0; fd <= 2; fd++) {
            try {
                String target =
                        Files.readSymbolicLink(
                                        Path.of(
                                                "/proc",
                                                Long.toString(pid),
                                                "fd",
                                                Integer.toString(fd)))
                                .toString();
                if (target.startsWith("pipe:")) {
                    pipes.add(target);
                }
            } catch (IOException | RuntimeException e) {
                // not Linux, or the process is gone already: nothing to follow later
            }
        }
        return pipes;
    }

    /** The processes other than this JVM that have one of {@code pipes} open. */
    static List<ProcessHandle> pipeHolders(Set<String> pipes) {
        if (pipes.isEmpty()) {
            return List.of();
        }
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> holders = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                long pid = Long.parseLong(proc.getFileName().toString());
                if (pid != self && holdsAny(proc.resolve("fd"), pipes)) {
                    ProcessHandle.of(pid).ifPresent(holders::add);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot look for processes holding pipes {}", pipes, e);
        }
        return holders;
    }

    private static boolean holdsAny(Path fdDir, Set<String> pipes) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    if (pipes.contains(Files.readSymbolicLink(fd).toString())) {
                        return true;
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            // another user's process, or gone
        }
        return false;
    }

    /** SIGTERM, grace, SIGKILL for {@code initial} (root first if there is one), then reap. */
    private static Termination end(
            @Nullable Process root, List<ProcessHandle> initial, Duration grace) {
        Map<Long, ProcessHandle> seen = new LinkedHashMap<>();
        for (ProcessHandle h : initial) {
            seen.putIfAbsent(h.pid(), h);
        }
        if (root != null) {
            root.destroy();
        }
        for (ProcessHandle h : seen.values()) {
            if (root == null || h.pid() != root.pid()) {
                h.destroy();
            }
        }
        long deadline = System.nanoTime() + Math.max(0L, grace.toNanos());
        Duration poll = FIRST_POLL;
        while (true) {
            List<ProcessHandle> running = running(seen.values());
            if (running.isEmpty()) {
                break;
            }
            for (ProcessHandle h : running) {
                h.descendants()
                        .forEach(
                                d -> {
                                    if (seen.putIfAbsent(d.pid(), d) == null) {
                                        d.destroy(); // forked during shutdown: polite first as well
                                    }
                                });
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            Duration wait = Duration.ofNanos(Math.min(left, poll.toNanos()));
            if (root != null && root.isAlive()) {
                Waits.awaitQuietly(root.onExit(), wait); // the root's exit ends the wait at once
            } else {
                Waits.sleepQuietly(wait);
            }
            poll = poll.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : poll.multipliedBy(2);
        }
        List<ProcessHandle> toKill = new ArrayList<>();
        for (ProcessHandle h : running(seen.values())) {
            toKill.add(h);
            h.descendants()
                    .forEach(
                            d -> {
                                if (seen.putIfAbsent(d.pid(), d) == null) {
                                    toKill.add(d);
                                }
                            });
        }
        for (ProcessHandle h : toKill) {
            if (root != null && h.pid() == root.pid()) {
                root.destroyForcibly();
            } else {
                h.destroyForcibly();
            }
        }
        if (root != null) {
            Waits.awaitQuietly(root.onExit()); // SIGKILL cannot be ignored: the reaper collects it
        }
        List<Long> survivors = awaitStopped(toKill);
        if (!survivors.isEmpty()) {
            LOG.warn("processes {} still run {} after SIGKILL", survivors, KILL_WAIT);
        }
        return new Termination(seen.size(), toKill.size(), survivors);
    }

    private static List<ProcessHandle> running(Iterable<ProcessHandle> handles) {
        List<ProcessHandle> out = new ArrayList<>();
        for (ProcessHandle h : handles) {
            if (isRunning(h)) {
                out.add(h);
            }
        }
        return out;
    }

    private static List<Long> awaitStopped(List<ProcessHandle> killed) {
        long deadline = System.nanoTime() + KILL_WAIT.toNanos();
        Duration poll = FIRST_POLL;
        while (true) {
            List<ProcessHandle> left = running(killed);
            if (left.isEmpty()) {
                return List.of();
            }
            if (System.nanoTime() - deadline >= 0) {
                return left.stream().map(ProcessHandle::pid).toList();
            }
            Waits.sleepQuietly(poll);
            poll = poll.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : poll.multipliedBy(2);
        }
    }
}
