package dev.modelgate.shared.limits;

import dev.modelgate.shared.redis.SharedStateUnavailableException;

/**
 * The shared limit counters (rate windows, concurrency leases) could not be reached. The host then applies the
 * policy's {@code settings.counters_unavailable}: fail open on its own counters, or fail closed with 503.
 */
public final class CountersUnavailableException extends SharedStateUnavailableException {

    private static final long serialVersionUID = 1L;

    public CountersUnavailableException(String message) {
        super(message);
    }
}
