package dev.weft.io.http.internal;

/**
 * The status and headers of a response whose body is still to be read.
 *
 * @param status the status code
 * @param headers the response headers
 * @param body the body, which holds the connection until it is read to its end or aborted
 */
public record TransportResponse(int status, ResponseHeaders headers, BodySource body) {}
