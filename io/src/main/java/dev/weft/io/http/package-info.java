/**
 * An HTTP client session for Weft, the counterpart of aiohttp's {@code ClientSession}: each call
 * blocks only its own virtual thread and is cancelled with its task, throwing core's {@link
 * dev.weft.CancelledException}. Fan requests out with {@link dev.weft.Weft#gather}, {@link
 * dev.weft.Weft#map} or a {@link dev.weft.Scope}. The exchange runs blocking on the caller's
 * virtual thread over Apache HttpClient 5 classic, or over {@link java.net.http.HttpClient} for
 * HTTP/2 ({@link dev.weft.io.http.HttpSession.Builder#http2()}); the session bounds what neither
 * client does on its own (calls per host and in all, total time, response size).
 *
 * <p>{@link dev.weft.io.http.HttpSession} (built once, shared by every task), its calls ({@link
 * dev.weft.io.http.HttpCall}), their settings ({@link dev.weft.io.http.HttpLimits}, {@link
 * dev.weft.io.http.HttpTimeouts}, {@link dev.weft.io.http.HttpRetry}) and the sealed family of
 * failures under {@link dev.weft.io.http.HttpException}. See {@code docs/http.md}. The call engine
 * is package-private here; the mechanisms it runs on (permits, body channel, retry budget,
 * redaction) live in {@code dev.weft.io.http.internal}, which the module does not export.
 *
 * <p>Unless a type says otherwise, every method of this package rejects {@code null} arguments with
 * a {@link java.lang.NullPointerException} naming the argument.
 */
@NullMarked
package dev.weft.io.http;

import org.jspecify.annotations.NullMarked;
