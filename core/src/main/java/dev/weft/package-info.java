/**
 * Weft: Python asyncio's ergonomics — run, fork, gather, wait, timeouts, cancellation, task
 * groups, channels — for plain blocking Java 21+ on virtual threads.
 *
 * <p>Unless a type says otherwise, every method of this package rejects {@code null} arguments
 * with a {@link java.lang.NullPointerException} naming the argument.
 */
package dev.weft;
