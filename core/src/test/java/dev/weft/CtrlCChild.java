package dev.weft;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The program {@link CtrlCTest} runs in a child JVM and sends signals to. Each mode holds a temp
 * file per task, and one around {@code Weft.run}, in the directory it is given and deletes each in
 * a {@code finally}; it prints {@code ready <signals Weft handles>} once every task is blocked,
 * then waits for the signal.
 */
final class CtrlCChild {
    private CtrlCChild() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path dir = Path.of(args[1]);
        if (mode.equals("repl")) {
            repl(dir);
            return;
        }
        Path outside = Files.createTempFile(dir, "outside", ".tmp");
        try {
            say("run returned " + runOnce(mode, dir));
        } finally {
            Files.delete(outside); // like a TempPath around Weft.run: runs before the exit
            say("main method cleanup");
        }
    }

    /** An interactive program: Ctrl-C stops the current command, and the program goes on. */
    private static void repl(Path dir) throws Exception {
        try {
            runOnce("cleanup", dir);
        } catch (CancelledException e) {
            say("command stopped: " + e.reason());
        }
        say("next command: " + Weft.run(() -> "done"));
    }

    private static String runOnce(String mode, Path dir) {
        if (mode.equals("late")) {
            return Weft.run(CtrlCChild::rootThatLeavesWorkBehind);
        }
        return Weft.run(
                () -> {
                    Path mine = Files.createTempFile(dir, "main", ".tmp");
                    try {
                        CountDownLatch childReady = new CountDownLatch(1);
                        Weft.fork(
                                () -> {
                                    Path childs = Files.createTempFile(dir, "child", ".tmp");
                                    try {
                                        childReady.countDown();
                                        Weft.sleep(Duration.ofHours(1));
                                    } finally {
                                        Files.delete(childs);
                                        say("child cleanup");
                                    }
                                });
                        childReady.await();
                        say("ready " + String.join(",", ShutdownSignals.handled()));
                        try {
                            Weft.sleep(Duration.ofHours(1));
                        } catch (CancelledException e) {
                            say("main cancelled: " + e.reason());
                            if (mode.equals("caught")) {
                                return "handled";
                            }
                            throw e;
                        }
                        return "not interrupted";
                    } finally {
                        if (mode.equals("stuck")) {
                            say("stuck in cleanup");
                            blockIgnoringInterrupts();
                        }
                        Files.delete(mine);
                        say("main cleanup");
                    }
                });
    }

    /**
     * The root task returns at once; a task it forked runs on, and says ready once the root has
     * ended.
     */
    private static String rootThatLeavesWorkBehind() {
        Task<?> root = TaskImpl.current();
        Weft.fork(
                () -> {
                    while (!root.isDone()) {
                        Thread.onSpinWait();
                    }
                    say("ready " + String.join(",", ShutdownSignals.handled()));
                    try {
                        Weft.sleep(Duration.ofHours(1));
                    } finally {
                        say("leftover cleanup");
                    }
                });
        return "root's value";
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** Cleanup that never ends and swallows every interrupt: only the grace period ends it. */
    private static void blockIgnoringInterrupts() {
        CountDownLatch never = new CountDownLatch(1);
        while (true) {
            try {
                never.await();
            } catch (InterruptedException swallowed) {
                // keeps waiting
            }
        }
    }
}
