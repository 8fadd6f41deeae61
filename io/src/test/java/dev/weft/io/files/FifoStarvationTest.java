package dev.weft.io.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.CancelledException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The measured trap: virtual threads blocked reading FIFOs keep their carriers. With the offload
 * pool, 60 reads hanging on FIFOs leave every other virtual thread running; the reads are then
 * released by opening the FIFOs for writing, so no thread is left behind.
 */
class FifoStarvationTest {
    private static final int FIFOS = 60;

    @TempDir Path dir;

    @Test
    @Timeout(120)
    void hangingFifoReadsDoNotStarveOtherVirtualThreads() throws Exception {
        List<Path> fifos = makeFifos(FIFOS);
        AtomicReferenceArray<Object> results = new AtomicReferenceArray<>(FIFOS);
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < FIFOS; i++) {
            int index = i;
            readers.add(
                    Thread.ofVirtual()
                            .name("fifo-reader-" + i)
                            .start(
                                    () -> {
                                        try {
                                            results.set(
                                                    index, WeftFiles.readString(fifos.get(index)));
                                        } catch (Throwable e) {
                                            results.set(index, e);
                                        }
                                    }));
        }
        awaitAllParked(readers);

        // Every reader hangs; other virtual threads, far more than the carriers, still run.
        int workers = 1_000;
        CountDownLatch done = new CountDownLatch(workers);
        AtomicInteger sum = new AtomicInteger();
        for (int i = 0; i < workers; i++) {
            int n = i;
            Thread.ofVirtual()
                    .start(
                            () -> {
                                Thread.yield();
                                sum.addAndGet(n);
                                done.countDown();
                            });
        }
        assertTrue(done.await(30, TimeUnit.SECONDS), "virtual threads ran while FIFO reads hang");
        assertEquals(workers * (workers - 1) / 2, sum.get());
        Path regular = Files.writeString(dir.resolve("regular.txt"), "still served");
        String[] direct = new String[1];
        Thread.ofVirtual()
                .start(
                        () -> {
                            try {
                                direct[0] = WeftFiles.readString(regular);
                            } catch (IOException e) {
                                direct[0] = e.toString();
                            }
                        })
                .join(java.time.Duration.ofSeconds(30));
        assertEquals("still served", direct[0], "regular files are still read directly");
        for (int i = 0; i < FIFOS; i++) {
            assertNull(results.get(i), "read " + i + " still hangs");
        }

        // Cancel two hanging reads, one likely running on the pool (its open(2) stuck) and one
        // likely still queued: both return at once.
        List<Integer> cancelled = List.of(0, FIFOS - 1);
        for (int i : cancelled) {
            readers.get(i).interrupt();
            readers.get(i).join();
            assertInstanceOf(CancelledException.class, results.get(i));
        }

        // A cancelled read's open(2) may be stuck on a pool thread, or it may never have started
        // (cancelled while queued). Opening read-write never blocks on Linux and releases a stuck
        // open either way.
        for (int i : cancelled) {
            try (FileChannel release =
                    FileChannel.open(
                            fifos.get(i), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                assertTrue(release.isOpen());
            }
        }

        // Release the others: one platform writer per FIFO (opening for writing waits for the
        // reader).
        List<Thread> writers = new ArrayList<>();
        for (int i = 1; i < FIFOS - 1; i++) {
            int index = i;
            writers.add(
                    Thread.ofPlatform()
                            .daemon()
                            .start(
                                    () -> {
                                        try (OutputStream out =
                                                Files.newOutputStream(fifos.get(index))) {
                                            out.write(
                                                    ("message " + index)
                                                            .getBytes(StandardCharsets.UTF_8));
                                        } catch (IOException e) {
                                            throw new java.io.UncheckedIOException(e);
                                        }
                                    }));
        }
        for (Thread w : writers) {
            assertTrue(w.join(java.time.Duration.ofSeconds(60)), "writer released");
        }
        for (int i = 1; i < FIFOS - 1; i++) {
            assertTrue(
                    readers.get(i).join(java.time.Duration.ofSeconds(60)),
                    "reader " + i + " finished");
            assertEquals("message " + i, results.get(i));
        }
    }

    @Test
    @Timeout(60)
    void fifoHandleReadsOffTheCarrier() throws Exception {
        Path fifo = makeFifos(1).get(0);
        String[] got = new String[2];
        Thread reader =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    try (FileHandle h = WeftFiles.open(fifo, "r")) {
                                        got[0] = h.readLine();
                                        got[1] = h.readLine();
                                    } catch (IOException e) {
                                        got[0] = e.toString();
                                    }
                                });
        Thread writer =
                Thread.ofPlatform()
                        .start(
                                () -> {
                                    try (OutputStream out = Files.newOutputStream(fifo)) {
                                        out.write(
                                                "first\nsecond\n".getBytes(StandardCharsets.UTF_8));
                                    } catch (IOException e) {
                                        throw new java.io.UncheckedIOException(e);
                                    }
                                });
        writer.join();
        reader.join();
        assertEquals("first", got[0]);
        assertEquals("second", got[1]);
    }

    @Test
    @Timeout(60)
    void cancellingAnOffloadedHandleReadClosesOnlyThatHandle() throws Exception {
        Path fifo = makeFifos(1).get(0);
        // Hold a read-write end so neither side's open blocks and the reader never sees EOF.
        try (FileChannel holder =
                FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            AtomicReferenceArray<Object> outcome = new AtomicReferenceArray<>(2);
            CountDownLatch opened = new CountDownLatch(1);
            Thread reader =
                    Thread.ofVirtual()
                            .start(
                                    () -> {
                                        FileHandle h = null;
                                        try {
                                            h = WeftFiles.open(fifo, "r");
                                            opened.countDown();
                                            outcome.set(0, h.readLine()); // no data ever comes:
                                            // hangs on the pool
                                        } catch (Throwable e) {
                                            outcome.set(0, e);
                                        }
                                        outcome.set(1, h);
                                    });
            opened.await();
            awaitAllParked(List.of(reader));
            reader.interrupt();
            reader.join();
            assertInstanceOf(CancelledException.class, outcome.get(0));
            FileHandle h = (FileHandle) outcome.get(1);
            assertThrows(
                    java.nio.channels.ClosedChannelException.class,
                    h::readLine,
                    "the cancelled handle is closed");
            assertTrue(holder.isOpen(), "no other channel on the same FIFO was touched");
        }
    }

    private List<Path> makeFifos(int n) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("mkfifo"));
        List<Path> fifos = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path p = dir.resolve("fifo-" + i);
            fifos.add(p);
            cmd.add(p.toString());
        }
        int exit;
        try {
            exit = new ProcessBuilder(cmd).redirectErrorStream(true).start().waitFor();
        } catch (IOException e) {
            exit = -1;
        }
        assumeTrue(exit == 0, "mkfifo is not available");
        return fifos;
    }

    /** Waits (without sleeping for order) until every reader is parked, that is, hanging. */
    private static void awaitAllParked(List<Thread> threads) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (Thread t : threads) {
            while (t.getState() != Thread.State.WAITING) {
                assertTrue(
                        System.nanoTime() < deadline,
                        t.getName() + " never parked: " + t.getState());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }
}
