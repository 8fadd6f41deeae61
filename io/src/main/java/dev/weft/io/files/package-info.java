/**
 * Blocking-style file helpers and an HTTP session for Weft: each call blocks only its own
 * virtual thread and is cancelled with its task.
 *
 * <p>Files: {@link dev.weft.io.WeftFiles} (one-call and concurrent helpers, tail, watch),
 * {@link dev.weft.io.FileHandle} (an open file), {@link dev.weft.io.SafeRoot} (untrusted paths
 * under a base directory). See {@code docs/files.md} for the design and measured costs.
 *
 * <p>Unless a type says otherwise, every method of this package rejects {@code null} arguments
 * with a {@link java.lang.NullPointerException} naming the argument.
 */
package dev.weft.io;
