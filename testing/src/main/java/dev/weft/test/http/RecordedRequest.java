package dev.weft.io;

import java.util.List;
import java.util.Map;

/**
 * A request as {@link JsonPlaceholderServer} received it, for tests.
 *
 * @param method the request method
 * @param path the decoded path
 * @param query the raw query, or an empty string
 * @param headers the headers, names in lower case
 */
record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers) {}
