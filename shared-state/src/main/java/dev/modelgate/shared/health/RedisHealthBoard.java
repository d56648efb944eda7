package dev.modelgate.shared.health;

import dev.modelgate.shared.redis.SharedRedis;
import dev.modelgate.shared.redis.SharedStateUnavailableException;
import io.lettuce.core.ScriptOutputType;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Which deployments a relay found down, for the other relays: a breaker that opens on one relay is posted here with
 * the time its wait ends, and every relay reads the board every second or so and opens its own breaker for what is
 * posted (each then tries the deployment again after its own wait, with its own trial calls). One Redis hash, field
 * per deployment ({@code provider/model}), value the epoch millisecond the posting ends; a relay that finds an
 * ended posting removes it. Best effort both ways: with Redis down, each relay keeps deciding on its own failures.
 */
public final class RedisHealthBoard {

    static final String KEY = "{modelgate}:health:open";

    private final SharedRedis redis;
    private final Clock clock;

    public RedisHealthBoard(SharedRedis redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /** Posts that this relay opened the deployment's breaker for {@code wait}; not waited for. */
    public void opened(String deployment, Duration wait) {
        String until = Long.toString(clock.millis() + wait.toMillis());
        redis.callAsync(r -> r.hset(KEY, deployment, until).toCompletableFuture()).exceptionally(e -> null);
    }

    /** Deployments posted as down now, with when each posting ends; empty when Redis cannot say. */
    public Map<String, Long> openNow() {
        Map<String, String> all;
        try {
            all = redis.call(r -> r.hgetall(KEY));
        } catch (SharedStateUnavailableException e) {
            return Map.of();
        }
        long now = clock.millis();
        Map<String, Long> open = new HashMap<>();
        for (Map.Entry<String, String> e : all.entrySet()) {
            long until;
            try {
                until = Long.parseLong(e.getValue());
            } catch (NumberFormatException x) {
                until = 0;
            }
            if (until > now) {
                open.put(e.getKey(), until);
            } else {
                // Ended: removed only if no relay posted it again meanwhile.
                String ended = e.getValue();
                redis.callAsync(r -> r.<Long>eval("if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) end return 0",
                        ScriptOutputType.INTEGER, new String[]{KEY}, e.getKey(), ended).toCompletableFuture()).exceptionally(x -> null);
            }
        }
        return open;
    }
}
