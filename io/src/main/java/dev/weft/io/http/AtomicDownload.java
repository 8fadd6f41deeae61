package dev.weft.io.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a response body into a file atomically: a temporary file in the target's directory
 * (same file system, so the final rename is atomic), forced to disk, moved over the target, the
 * directory forced too. Any failure or cancellation deletes the temporary file, so the target is
 * either the old file or the complete new one.
 */
final class AtomicDownload {
    private static final Logger LOG = LoggerFactory.getLogger(HttpCall.class);

    private AtomicDownload() {}

    static long write(Exchange ex, Path target, DownloadProgress progress) {
        Path dir = target.getParent();
        long total = ex.contentLength();
        Path temp = null;
        boolean moved = false;
        try {
            temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
            long written = 0;
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                for (ByteBuffer b = ex.next(); b != null; b = ex.next()) {
                    while (b.hasRemaining()) {
                        written += out.write(b);
                    }
                    progress.onProgress(written, total);
                }
                out.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            syncDirectory(dir);
            return written;
        } catch (ClosedByInterruptException e) {
            InterruptedException cause = new InterruptedException("interrupted while writing " + target);
            cause.initCause(e);
            throw HttpEngine.cancelled(ex.method, ex.uri, cause);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write download to " + target, e);
        } finally {
            if (!moved && temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    LOG.warn("cannot delete partial download {}", temp, e);
                }
            }
        }
    }

    private static void syncDirectory(Path dir) {
        // Makes the rename durable on POSIX file systems; not supported (and not needed) everywhere.
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.trace("directory fsync not available for {}", dir, e);
        }
    }
}
