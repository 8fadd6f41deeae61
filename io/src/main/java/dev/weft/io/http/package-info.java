/**
 * An HTTP client session for Weft, the counterpart of aiohttp's {@code ClientSession}: each call
 * blocks only its own virtual thread and is cancelled with its task, throwing core's
 * {@link dev.weft.CancelledException}. Fan requests out with {@link dev.weft.Weft#gather},
 * {@link dev.weft.Weft#map} or a {@link dev.weft.Scope}; the session runs over
 * {@link java.net.http.HttpClient} and bounds what it does not (connections per host, total time,
 * response size).
 *
 * <p>{@link dev.weft.io.http.HttpSession} (built once, shared by every task), its calls
 * ({@link dev.weft.io.http.HttpCall}), their settings ({@link dev.weft.io.http.HttpLimits},
 * {@link dev.weft.io.http.HttpTimeouts}, {@link dev.weft.io.http.HttpRetry}) and the sealed family
 * of failures under {@link dev.weft.io.http.HttpException}. See {@code docs/http.md}. The call
 * engine is package-private here; the mechanisms it runs on (permits, body channel, retry budget,
 * redaction) live in {@code dev.weft.io.http.internal}, which the module does not export.
 *
 * <p>Unless a type says otherwise, every method of this package rejects {@code null} arguments
 * with a {@link java.lang.NullPointerException} naming the argument.
 */
package dev.weft.io.http;
