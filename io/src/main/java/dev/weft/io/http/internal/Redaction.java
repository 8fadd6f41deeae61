package dev.weft.io.http.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * Hides secrets before anything reaches a log or an exception message: user information in URIs,
 * credential-like query parameters and sensitive headers.
 */
public final class Redaction {
    public static final String MASK = "***";

    /** Headers whose values are credentials; also those stripped on cross-origin redirects. */
    public static final Set<String> CREDENTIAL_HEADERS =
            Set.of("authorization", "cookie", "proxy-authorization");

    private static final Set<String> SENSITIVE_HEADERS =
            Set.of(
                    "authorization",
                    "cookie",
                    "proxy-authorization",
                    "set-cookie",
                    "x-api-key",
                    "x-auth-token");

    /** A name, or a '-'/'_'-delimited part of one, that usually carries a credential. */
    private static final Pattern SENSITIVE_NAME =
            Pattern.compile(
                    "(?i)(.*[-_])?(token|secret|password|passwd|pwd"
                            + "|api[-_]?key|apikey|key|signature|sig|auth|authorization|session|sessionid|credentials?)([-_].*)?");

    private Redaction() {}

    public static boolean isSensitiveHeader(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return SENSITIVE_HEADERS.contains(lower) || SENSITIVE_NAME.matcher(lower).matches();
    }

    public static String headerValue(String name, String value) {
        return isSensitiveHeader(name) ? MASK : value;
    }

    public static String headers(HttpHeaders headers) {
        return headers(headers.map());
    }

    public static String headers(Map<String, List<String>> headers) {
        StringJoiner out = new StringJoiner(", ", "{", "}");
        headers.forEach(
                (name, values) -> out.add(name + "=" + (isSensitiveHeader(name) ? MASK : values)));
        return out.toString();
    }

    /** The URI without user information, with credential-like query values masked; for logs. */
    public static String uri(URI uri) {
        URI clean = uriObject(uri);
        String query = clean.getRawQuery();
        if (query == null) {
            return clean.toString();
        }
        StringJoiner masked = new StringJoiner("&");
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            masked.add(
                    eq >= 0 && SENSITIVE_NAME.matcher(name).matches() ? name + "=" + MASK : pair);
        }
        String text = clean.toString();
        int q = text.indexOf('?');
        int hash = text.indexOf('#', q);
        return text.substring(0, q + 1) + masked + (hash < 0 ? "" : text.substring(hash));
    }

    /** The URI without user information (which may hold a password). */
    public static URI uriObject(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        try {
            return new URI(
                    uri.getScheme(),
                    null,
                    uri.getHost(),
                    uri.getPort(),
                    uri.getPath(),
                    uri.getQuery(),
                    uri.getFragment());
        } catch (URISyntaxException e) {
            return URI.create(uri.getScheme() + "://" + uri.getHost());
        }
    }
}
