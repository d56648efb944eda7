package dev.modelgate.relay.auth;

import java.time.Duration;

/**
 * How failed admin sign-ins are slowed down (MicroProfile Config, defaults in brackets):
 * after {@code modelgate.admin.throttle.free} [5] failures in a row the next attempt waits
 * {@code modelgate.admin.throttle.base.millis} [1000], and each further failure doubles the wait, up to
 * {@code modelgate.admin.throttle.max.seconds} [300];
 * a source or account is forgotten {@code modelgate.admin.throttle.forget.seconds} [900] after its last failure;
 * at most {@code modelgate.admin.throttle.entries} [100000] sources and accounts are remembered.
 */
public record ThrottleSettings(int free, Duration base, Duration max, Duration forget, long entries) {

    public ThrottleSettings {
        if (free < 1 || base.isNegative() || base.isZero() || max.compareTo(base) < 0 || forget.compareTo(max) < 0 || entries < 1) {
            throw new IllegalArgumentException("admin throttle settings: free >= 1, 0 < base <= max <= forget, entries >= 1");
        }
    }

    public static ThrottleSettings defaults() {
        return new ThrottleSettings(5, Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofMinutes(15), 100_000);
    }

    /** The wait after the n-th failure in a row: none before the free-th, then base, 2 base, 4 base, ... up to max. */
    Duration waitAfter(int failures) {
        int over = failures - free;
        if (over < 0) {
            return Duration.ZERO;
        }
        // Past 2^30 base is far beyond any max: stop doubling before the long overflows.
        long factor = 1L << Math.min(over, 30);
        long millis = base.toMillis() * factor;
        return millis >= max.toMillis() || millis < 0 ? max : Duration.ofMillis(millis);
    }
}
