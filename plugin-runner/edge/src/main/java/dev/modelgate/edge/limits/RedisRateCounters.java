package dev.modelgate.edge.limits;

import dev.modelgate.policy.limits.Admission;
import dev.modelgate.policy.limits.AdmissionTicket;
import dev.modelgate.policy.limits.LimitCheck;
import dev.modelgate.policy.limits.LimitKind;
import dev.modelgate.policy.limits.RateCounters;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@link RateCounters} shared by every gateway node through Redis, with the same semantics as the
 * single-node {@code InProcessRateCounters}: a window is a ring of buckets (1/60 of the window), an
 * admission checks and records every limit of a request atomically (one Lua script, one round trip),
 * and {@code Retry-After} is the time until enough of the oldest buckets slide out.
 *
 * <p>Each counter is a Redis hash of bucket index to amount, expiring one window after its last write,
 * so Redis holds nothing for idle callers. Keys share the hash tag {@code {modelgate}}: one script may
 * touch several counters, which Redis Cluster only allows within one slot. Time is the gateway node's
 * clock (keep nodes on NTP), as the contract of {@link RateCounters} passes it in.
 *
 * <p>Every failure (refused connection, timeout, script error) surfaces as
 * {@link CountersUnavailableException} within the command timeout; after one, Redis is not asked again
 * for {@code backoff}, so an outage costs one timeout per backoff period rather than one per request.
 */
public final class RedisRateCounters implements RateCounters, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RedisRateCounters.class.getName());
    static final int BUCKETS_PER_WINDOW = 60;
    private static final String ADMIT = script("admit.lua");
    private static final String ADJUST = script("adjust.lua");
    private static final String USAGE = script("usage.lua");

    private final RedisClient client;
    private final Duration backoff;
    private final Clock clock;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile long downUntilMillis;

    /**
     * @param uri     e.g. {@code redis://127.0.0.1:6379/0}
     * @param timeout longest a request waits for Redis before the failure mode applies
     * @param backoff how long to stop asking Redis after a failure
     */
    public RedisRateCounters(String uri, Duration timeout, Duration backoff, Clock clock) {
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(timeout);
        this.client = RedisClient.create(redisUri);
        // Commands fail at once while disconnected instead of queueing behind a reconnect.
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        this.backoff = backoff;
        this.clock = clock;
    }

    @Override
    public Admission tryAdmit(List<LimitCheck> checks, long nowMillis) {
        if (checks.isEmpty()) {
            return Admission.allow(new AdmissionTicket(checks, nowMillis));
        }
        String[] keys = new String[checks.size()];
        String[] args = new String[1 + 4 * checks.size()];
        args[0] = Long.toString(nowMillis);
        for (int i = 0; i < checks.size(); i++) {
            LimitCheck c = checks.get(i);
            keys[i] = keyOf(c.key(), c.kind(), c.window());
            args[1 + 4 * i] = Long.toString(c.limit());
            args[2 + 4 * i] = Long.toString(c.amount());
            args[3 + 4 * i] = Long.toString(c.window().toMillis());
            args[4 + 4 * i] = Long.toString(bucketMillis(c.window()));
        }
        List<Long> answer = run(ADMIT, keys, args);
        if (answer.get(0) == 1L) {
            return Admission.allow(new AdmissionTicket(checks, nowMillis));
        }
        LimitCheck failed = checks.get(answer.get(1).intValue());
        long wait = answer.get(2);
        return Admission.deny(failed, wait < 0 ? failed.window() : Duration.ofMillis(wait));
    }

    @Override
    public void adjust(AdmissionTicket ticket, long actualTokens, long nowMillis) {
        if (actualTokens < 0) {
            throw new IllegalArgumentException("actualTokens must be >= 0: " + actualTokens);
        }
        long previous = ticket.swapActualTokens(actualTokens);
        List<LimitCheck> tokens = ticket.checks().stream().filter(c -> c.kind() == LimitKind.TOKENS).toList();
        if (tokens.isEmpty()) {
            return;
        }
        String[] keys = new String[tokens.size()];
        String[] args = new String[2 + 3 * tokens.size()];
        args[0] = Long.toString(nowMillis);
        args[1] = Long.toString(ticket.recordedAtMillis());
        for (int i = 0; i < tokens.size(); i++) {
            LimitCheck c = tokens.get(i);
            keys[i] = keyOf(c.key(), c.kind(), c.window());
            args[2 + 3 * i] = Long.toString(actualTokens - (previous < 0 ? c.amount() : previous));
            args[3 + 3 * i] = Long.toString(c.window().toMillis());
            args[4 + 3 * i] = Long.toString(bucketMillis(c.window()));
        }
        run(ADJUST, keys, args);
    }

    @Override
    public long usage(String key, LimitKind kind, Duration window, long nowMillis) {
        return run(USAGE, new String[]{keyOf(key, kind, window)},
                new String[]{Long.toString(nowMillis), Long.toString(window.toMillis()), Long.toString(bucketMillis(window))}).get(0);
    }

    private List<Long> run(String script, String[] keys, String[] args) {
        if (clock.millis() < downUntilMillis) {
            throw new CountersUnavailableException("Redis counters unavailable (recent failure)");
        }
        try {
            RedisCommands<String, String> redis = connection().sync();
            List<Long> answer;
            try {
                answer = redis.evalsha(redis.digest(script), ScriptOutputType.MULTI, keys, args);
            } catch (RedisNoScriptException e) {
                // first use on this Redis (or after a restart or SCRIPT FLUSH): send the script itself once
                answer = redis.eval(script, ScriptOutputType.MULTI, keys, args);
            }
            if (downUntilMillis != 0) {
                downUntilMillis = 0;
                LOG.log(System.Logger.Level.INFO, "Redis counters reachable again");
            }
            return answer;
        } catch (RedisException | IllegalStateException e) {
            if (downUntilMillis == 0) {
                LOG.log(System.Logger.Level.WARNING, "Redis counters unreachable (" + e.getClass().getSimpleName()
                        + "); the policy's counters_unavailable mode applies for " + backoff.toMillis() + " ms at a time");
            }
            downUntilMillis = clock.millis() + backoff.toMillis();
            throw new CountersUnavailableException("Redis counters unavailable");
        }
    }

    private StatefulRedisConnection<String, String> connection() {
        StatefulRedisConnection<String, String> c = connection;
        if (c == null) {
            synchronized (this) {
                c = connection;
                if (c == null) {
                    c = client.connect();
                    connection = c;
                }
            }
        }
        return c;
    }

    static String keyOf(String key, LimitKind kind, Duration window) {
        return "{modelgate}:rl:" + kind.name().toLowerCase() + ":" + window.toMillis() + ":" + key;
    }

    static long bucketMillis(Duration window) {
        return LimitCheck.bucketMillis(window.toMillis(), BUCKETS_PER_WINDOW);
    }

    private static String script(String name) {
        try (InputStream in = Objects.requireNonNull(RedisRateCounters.class.getResourceAsStream(name), name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }

    @Override
    public void close() {
        StatefulRedisConnection<String, String> c = connection;
        if (c != null) {
            c.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
