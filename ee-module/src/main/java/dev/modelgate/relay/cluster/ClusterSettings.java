package dev.modelgate.relay.cluster;

import java.time.Duration;

/**
 * How this relay shares state with the others ({@code MODELGATE_REDIS_*}).
 *
 * @param redisUrl     Redis to share through; null keeps every counter in this JVM (one relay)
 * @param timeout      longest a request waits for Redis before Redis counts as down
 * @param backoff      how long Redis is not asked again after a failure (an outage costs one timeout per back-off)
 * @param lease        how long a budget hold or concurrency slot of a relay that died keeps counting
 * @param maxPending   budget settlements kept for retry while Redis is down
 */
public record ClusterSettings(String redisUrl, Duration timeout, Duration backoff, Duration lease, int maxPending) {

    public ClusterSettings {
        redisUrl = redisUrl == null || redisUrl.isBlank() ? null : redisUrl.trim();
        if (timeout.isNegative() || timeout.isZero() || backoff.isNegative() || lease.toMillis() < 1 || maxPending < 0) {
            throw new IllegalArgumentException("modelgate.redis.* settings must be positive");
        }
    }

    public boolean shared() {
        return redisUrl != null;
    }
}
