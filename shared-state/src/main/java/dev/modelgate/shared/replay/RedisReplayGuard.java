package dev.modelgate.shared.replay;

import dev.modelgate.shared.redis.SharedRedis;

/**
 * Remembers the request ids of honoured gateway decisions in Redis until the decision expires
 * ({@code SET NX} with that expiry), so a captured decision is refused by every relay, also after the relay
 * that honoured it restarted. Fails closed: when Redis cannot say, {@link #firstUse} throws.
 */
public final class RedisReplayGuard {

    private final SharedRedis redis;

    public RedisReplayGuard(SharedRedis redis) {
        this.redis = redis;
    }

    /**
     * @param expiresAtEpochSecond when the decision stops being valid; the id is kept one second longer
     * @return true the first time any relay sees the id; false for a replay
     * @throws dev.modelgate.shared.redis.SharedStateUnavailableException when Redis cannot be asked
     */
    public boolean firstUse(String requestId, long expiresAtEpochSecond) {
        return redis.setIfAbsent(keyOf(requestId), (expiresAtEpochSecond + 1) * 1000);
    }

    static String keyOf(String requestId) {
        return "{modelgate}:replay:" + requestId;
    }
}
