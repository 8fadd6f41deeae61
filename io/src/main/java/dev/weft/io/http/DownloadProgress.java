package dev.weft.io.http;

/**
 * Receives the progress of {@link HttpCall#download(java.nio.file.Path, DownloadProgress)}.
 *
 * <p>Called on the downloading thread after each chunk is written, so it should be quick; an
 * exception it throws aborts the download (the partial file is removed) and propagates.
 */
@FunctionalInterface
public interface DownloadProgress {
    /**
     * Reports bytes written so far.
     *
     * @param bytesSoFar bytes written to the temporary file so far
     * @param totalBytes the size announced by {@code Content-Length}, or {@code -1} when unknown
     */
    void onProgress(long bytesSoFar, long totalBytes);
}
