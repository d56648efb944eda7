package dev.modelgate.shared.limits;

import dev.modelgate.policy.limits.ConcurrencyLimiter;
import dev.modelgate.policy.limits.Permit;
import dev.modelgate.shared.redis.SharedRedis;
import dev.modelgate.shared.redis.SharedStateUnavailableException;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Concurrency caps shared by every relay: one Redis sorted set per scope, a member per request in flight with
 * its lease expiry as score. Taking a slot is one script (drop expired leases, count, add); closing the permit
 * removes its member. A relay that dies never closes its permits: their leases run out and the slots come
 * back by themselves, at the latest {@code lease} after the request started. A request that runs longer than
 * its lease stops counting against the cap, so the lease should exceed the longest request the relay lets run.
 */
public final class RedisConcurrencyLimiter implements ConcurrencyLimiter {

    private static final System.Logger LOG = System.getLogger(RedisConcurrencyLimiter.class.getName());
    private static final SharedRedis.Script ENTER = SharedRedis.Script.load(RedisConcurrencyLimiter.class, "slots.lua", "enter.lua");
    private static final SharedRedis.Script IN_FLIGHT = SharedRedis.Script.load(RedisConcurrencyLimiter.class, "inflight.lua");

    private final SharedRedis redis;
    private final Duration lease;
    private final Clock clock;

    public RedisConcurrencyLimiter(SharedRedis redis, Duration lease, Clock clock) {
        if (lease.toMillis() < 1) {
            throw new IllegalArgumentException("lease must be at least 1 ms: " + lease);
        }
        this.redis = redis;
        this.lease = lease;
        this.clock = clock;
    }

    @Override
    public Optional<Permit> tryEnter(String key, int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must be >= 0: " + max);
        }
        if (max == 0) {
            return Optional.empty();
        }
        String redisKey = keyOf(key);
        String id = UUID.randomUUID().toString();
        try {
            long taken = redis.eval(ENTER, new String[]{redisKey}, Long.toString(clock.millis()), Long.toString(lease.toMillis()),
                    Integer.toString(max), id).get(0);
            return taken == 1L ? Optional.of(new LeasedPermit(key, redisKey, id)) : Optional.empty();
        } catch (SharedStateUnavailableException e) {
            throw new CountersUnavailableException("Redis concurrency caps unavailable");
        }
    }

    @Override
    public int inFlight(String key) {
        try {
            return redis.eval(IN_FLIGHT, new String[]{keyOf(key)}, Long.toString(clock.millis())).get(0).intValue();
        } catch (SharedStateUnavailableException e) {
            throw new CountersUnavailableException("Redis concurrency caps unavailable");
        }
    }

    /** How long a slot is held without being freed. */
    public long leaseMillis() {
        return lease.toMillis();
    }

    /** The permit for a slot of {@code key} taken under {@code id} elsewhere (a combined script). */
    public Permit permit(String key, String id) {
        return new LeasedPermit(key, keyOf(key), id);
    }

    public static String keyOf(String key) {
        return "{modelgate}:cc:" + key;
    }

    private final class LeasedPermit implements Permit {
        private final String key;
        private final String redisKey;
        private final String id;
        private final AtomicBoolean closed = new AtomicBoolean();

        LeasedPermit(String key, String redisKey, String id) {
            this.key = key;
            this.redisKey = redisKey;
            this.id = id;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            try {
                redis.call(r -> r.zrem(redisKey, id));
            } catch (SharedStateUnavailableException e) {
                leftToLease();
            }
        }

        /** One pipelined command with the request's other ending steps (see {@code Admission}). */
        @Override
        public CompletionStage<Void> closeAsync() {
            if (!closed.compareAndSet(false, true)) {
                return CompletableFuture.completedFuture(null);
            }
            return redis.callAsync(r -> r.zrem(redisKey, id).toCompletableFuture()).handle((removed, e) -> {
                if (e != null) {
                    leftToLease();
                }
                return null;
            });
        }

        private void leftToLease() {
            // The request is over either way; its lease frees the slot when it runs out.
            LOG.log(System.Logger.Level.DEBUG, "concurrency slot left to its lease: Redis unavailable");
        }
    }
}
