/**
 * Blocking-style file helpers for Weft: each call blocks only its own virtual thread and is
 * cancelled with its task, throwing core's {@link dev.weft.CancelledException}. Use them inside
 * {@link dev.weft.Weft#run Weft.run} or any {@link dev.weft.Scope}; plain {@link
 * java.nio.file.Files} works there too, and these helpers add atomic writes, bounded calls on FIFOs
 * and devices, and concurrent multi-file operations.
 *
 * <p>{@link dev.weft.io.files.WeftFiles} (one-call and concurrent helpers, tail, watch), {@link
 * dev.weft.io.files.FileHandle} (an open file), {@link dev.weft.io.files.SafeRoot} (untrusted paths
 * under a base directory), {@link dev.weft.io.files.TempPath} (a temporary file or directory
 * deleted on close). See {@code docs/files.md} for the design and measured costs. The
 * implementation lives in {@code dev.weft.io.files.internal}, which the module does not export.
 *
 * <p>Unless a type says otherwise, every method of this package rejects {@code null} arguments with
 * a {@link java.lang.NullPointerException} naming the argument.
 */
@NullMarked
package dev.weft.io.files;

import org.jspecify.annotations.NullMarked;
