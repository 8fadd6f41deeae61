package dev.weft.io.http.internal;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Parses {@code Retry-After}: delay-seconds or an HTTP-date (RFC 9110 section 10.2.3). */
public final class RetryAfter {
    private RetryAfter() {}

    /** The requested pause, or zero when the header is absent, malformed or in the past. */
    public static Duration of(HttpHeaders headers, Instant now) {
        String value = headers.firstValue("retry-after").orElse("").strip();
        if (value.isEmpty()) {
            return Duration.ZERO;
        }
        try {
            long seconds = Long.parseLong(value);
            return seconds <= 0 ? Duration.ZERO : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at =
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant();
                Duration d = Duration.between(now, at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notDate) {
                return Duration.ZERO;
            }
        }
    }
}
