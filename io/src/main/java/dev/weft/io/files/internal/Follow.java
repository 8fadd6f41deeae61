package dev.weft.io.files.internal;

import dev.weft.CancelledException;
import dev.weft.Channel;
import dev.weft.Weft;
import dev.weft.internal.Cancellations;
import dev.weft.io.files.FileEvent;

import org.apache.commons.io.input.Tailer;
import org.apache.commons.io.input.TailerListenerAdapter;
import org.apache.commons.io.monitor.FileAlterationListenerAdaptor;
import org.apache.commons.io.monitor.FileAlterationObserver;
import org.jspecify.annotations.Nullable;

import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/*
 * tail and watch run on the caller's thread until it is interrupted (its task cancelled, or its
 * scope ended), then throw CancelledException. Nothing else is started: the Commons IO Tailer is
 * built with startThread=false and its run() loop is called here, sleeping between polls; the
 * FileAlterationObserver is polled by a loop here instead of a FileAlterationMonitor thread. The
 * sink is called on the caller's thread, so a blocking sink (a bounded channel's send) slows the
 * poll down instead of buffering without limit.
 */
public final class Follow {
    private Follow() {}

    public static void tail(
            Path file,
            Charset charset,
            Duration poll,
            boolean fromEnd,
            Consumer<? super String> sink)
            throws IOException {
        String what = "tailing " + file;
        Cancellations.checkpoint();
        switch (Blocking.kindOf(file)) {
            case DIRECTORY -> throw Blocking.isDirectory(file);
            case OTHER ->
                    throw new java.nio.file.FileSystemException(
                            file.toString(), null, "not a regular file");
            case REGULAR, MISSING -> {}
        }
        Listener listener = new Listener(sink);
        Tailer tailer =
                Tailer.builder()
                        .setPath(file)
                        .setCharset(charset)
                        .setDelayDuration(poll)
                        .setTailFromEnd(fromEnd)
                        .setReOpen(true)
                        .setStartThread(false)
                        .setTailerListener(listener)
                        .get();
        try {
            tailer.run();
        } finally {
            tailer.close();
        }
        Exception e = listener.failure;
        if (e instanceof Stop) {
            return;
        }
        if (e instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
            throw Cancellations.interrupted(what, e);
        }
        if (e instanceof RuntimeException re) {
            throw re;
        }
        if (e instanceof IOException io) {
            throw io;
        }
        throw new IllegalStateException(what + " stopped", e);
    }

    public static void watch(
            Path dir, Duration poll, BooleanSupplier stopped, Consumer<? super FileEvent> sink)
            throws IOException {
        String what = "watching " + dir;
        Cancellations.checkpoint();
        if (!Files.isDirectory(dir)) {
            throw Files.exists(dir)
                    ? new NotDirectoryException(dir.toString())
                    : new NoSuchFileException(dir.toString());
        }
        FileAlterationObserver observer = FileAlterationObserver.builder().setPath(dir).get();
        observer.addListener(
                new FileAlterationListenerAdaptor() {
                    @Override
                    public void onFileCreate(File f) {
                        sink.accept(new FileEvent(FileEvent.Kind.CREATED, f.toPath(), false));
                    }

                    @Override
                    public void onFileChange(File f) {
                        sink.accept(new FileEvent(FileEvent.Kind.MODIFIED, f.toPath(), false));
                    }

                    @Override
                    public void onFileDelete(File f) {
                        sink.accept(new FileEvent(FileEvent.Kind.DELETED, f.toPath(), false));
                    }

                    @Override
                    public void onDirectoryCreate(File d) {
                        sink.accept(new FileEvent(FileEvent.Kind.CREATED, d.toPath(), true));
                    }

                    @Override
                    public void onDirectoryDelete(File d) {
                        sink.accept(new FileEvent(FileEvent.Kind.DELETED, d.toPath(), true));
                    }
                });
        try {
            observer.initialize();
            while (!stopped.getAsBoolean()) {
                Weft.sleep(poll); // a cancellation point, sticky as everywhere in core
                observer.checkAndNotify();
            }
        } catch (Stop e) {
            // The channel was closed by its receivers: a normal end.
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(what + " failed", e);
        } finally {
            try {
                observer.destroy();
            } catch (Exception ignored) {
                // destroy() only clears listeners' state; nothing to report.
            }
        }
    }

    /** Records the Tailer's first failure; the Tailer itself only reports through its listener. */
    private static final class Listener extends TailerListenerAdapter {
        private final Consumer<? super String> sink;
        private @Nullable Tailer tailer;
        @Nullable Exception failure;

        Listener(Consumer<? super String> sink) {
            this.sink = sink;
        }

        @Override
        public void init(Tailer t) {
            this.tailer = t;
        }

        @Override
        public void handle(String line) {
            sink.accept(line);
        }

        @Override
        public void handle(Exception e) {
            if (failure == null) {
                failure = e;
            }
            if (tailer != null) {
                tailer.close();
            }
        }
    }

    /**
     * A sink that sends into {@code channel}, waiting while it is full; when the receivers have
     * closed it, throws {@link Stop} so the tail or watch ends normally.
     */
    public static <T> Consumer<T> sendingTo(Channel<? super T> channel) {
        return element -> {
            if (!channel.sendOrClosed(element)) {
                throw new Stop();
            }
        };
    }

    /**
     * Runs a tail or watch that feeds {@code channel} as its only sender: closes the channel when
     * it ends normally or is cancelled, fails it with the error otherwise, and rethrows.
     */
    public static void feeding(Channel<?> channel, Blocking.IoCall<@Nullable Void> body)
            throws IOException {
        try {
            body.call();
            channel.close();
        } catch (CancelledException e) {
            channel.close();
            throw e;
        } catch (IOException | RuntimeException | Error e) {
            channel.fail(e);
            throw e;
        }
    }

    /** Ends a tail or watch whose channel was closed by its receivers; never escapes this class. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super("channel closed by its receivers", null, false, false);
        }
    }
}
