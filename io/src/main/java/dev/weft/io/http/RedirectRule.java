package dev.weft.io.http;

import dev.weft.io.http.internal.Permits;
import dev.weft.io.http.internal.Redaction;

import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.util.Locale;

/**
 * The session's redirect rules, kept apart from the exchange so they can be tested on their own:
 * which statuses redirect, where to, with which method, and when credentials must be dropped.
 */
final class RedirectRule {
    private RedirectRule() {}

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /**
     * Resolves the {@code Location} of a redirect and refuses unsafe targets.
     *
     * @throws HttpRedirectException if the location is missing or malformed, its scheme is not http
     *     or https, or it downgrades https to http
     */
    static URI target(String method, URI from, @Nullable String location) {
        if (location == null || location.isBlank()) {
            throw new HttpRedirectException("redirect without a Location header", method, from);
        }
        URI target;
        try {
            target = from.resolve(location.strip());
        } catch (IllegalArgumentException e) {
            throw new HttpRedirectException("malformed Location " + location, method, from);
        }
        String scheme =
                target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new HttpRedirectException(
                    "refusing redirect to scheme '" + scheme + "'", method, from);
        }
        if ("https".equalsIgnoreCase(from.getScheme()) && scheme.equals("http")) {
            throw new HttpRedirectException(
                    "refusing https->http downgrade to " + Redaction.uri(target), method, from);
        }
        if (target.getHost() == null) {
            throw new HttpRedirectException("Location without a host: " + location, method, from);
        }
        return target;
    }

    /**
     * The method of the next request: 303 turns everything but HEAD into GET, 301/302 turn POST
     * into GET.
     */
    static String methodAfter(int status, String method) {
        if (status == 303 && !method.equals("HEAD")) {
            return "GET";
        }
        if ((status == 301 || status == 302) && method.equals("POST")) {
            return "GET";
        }
        return method;
    }

    /** Same scheme, host and port: the only case where credentials may follow a redirect. */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().equalsIgnoreCase(b.getHost())
                && Permits.port(a) == Permits.port(b);
    }
}
