package dev.modelgate.shared.limits;

import dev.modelgate.policy.limits.Admission;
import dev.modelgate.policy.limits.AdmissionTicket;
import dev.modelgate.policy.limits.LimitCheck;
import dev.modelgate.policy.limits.LimitKind;
import dev.modelgate.policy.limits.RateCounters;
import dev.modelgate.shared.redis.RedisState;
import dev.modelgate.shared.redis.SharedRedis;
import dev.modelgate.shared.redis.SharedStateUnavailableException;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link RateCounters} shared by every gateway node and relay through Redis, with the same semantics as the
 * single-node {@code InProcessRateCounters}: a window is a ring of buckets (1/60 of the window), an
 * admission checks and records every limit of a request atomically (one Lua script, one round trip),
 * and {@code Retry-After} is the time until enough of the oldest buckets slide out.
 *
 * <p>Each counter is a Redis hash of bucket index to amount, expiring one window after its last write,
 * so Redis holds nothing for idle callers. Keys share the hash tag {@code {modelgate}}: one script may
 * touch several counters, which Redis Cluster only allows within one slot. Time is the node's
 * clock (keep nodes on NTP), as the contract of {@link RateCounters} passes it in.
 *
 * <p>Every failure surfaces as {@link CountersUnavailableException}, with {@link SharedRedis}'s timeout and
 * back-off.
 */
public final class RedisRateCounters implements RateCounters, AutoCloseable {

    static final int BUCKETS_PER_WINDOW = 60;
    private static final SharedRedis.Script ADMIT = SharedRedis.Script.load(RedisRateCounters.class, "windows.lua", "admit.lua");
    private static final SharedRedis.Script ADJUST = SharedRedis.Script.load(RedisRateCounters.class, "adjust.lua");
    private static final SharedRedis.Script USAGE = SharedRedis.Script.load(RedisRateCounters.class, "usage.lua");

    private final SharedRedis redis;
    private final boolean ownsRedis;

    /**
     * Counters on a connection of their own (a gateway node that shares nothing else).
     *
     * @param uri     e.g. {@code redis://127.0.0.1:6379/0}
     * @param timeout longest a request waits for Redis before the failure mode applies
     * @param backoff how long to stop asking Redis after a failure
     */
    public RedisRateCounters(String uri, Duration timeout, Duration backoff, Clock clock) {
        this.redis = new SharedRedis(uri, timeout, backoff, clock, RedisState.IGNORE);
        this.ownsRedis = true;
    }

    /** Counters on a connection the node shares with its other Redis state; closing them leaves it open. */
    public RedisRateCounters(SharedRedis redis) {
        this.redis = redis;
        this.ownsRedis = false;
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
        Correction c = correction(ticket, actualTokens, nowMillis);
        if (c != null) {
            run(ADJUST, c.keys(), c.args());
        }
    }

    /** One pipelined command with the request's other ending steps (see {@code Admission}). */
    @Override
    public CompletionStage<Void> adjustAsync(AdmissionTicket ticket, long actualTokens, long nowMillis) {
        Correction c = correction(ticket, actualTokens, nowMillis);
        return c == null ? CompletableFuture.completedFuture(null) : redis.evalAsync(ADJUST, c.keys(), c.args()).thenApply(answer -> null);
    }

    private record Correction(String[] keys, String[] args) {
    }

    /** The adjust script's keys and arguments, or null when the ticket counts no tokens. */
    private static Correction correction(AdmissionTicket ticket, long actualTokens, long nowMillis) {
        if (actualTokens < 0) {
            throw new IllegalArgumentException("actualTokens must be >= 0: " + actualTokens);
        }
        long previous = ticket.swapActualTokens(actualTokens);
        List<LimitCheck> tokens = ticket.checks().stream().filter(c -> c.kind() == LimitKind.TOKENS).toList();
        if (tokens.isEmpty()) {
            return null;
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
        return new Correction(keys, args);
    }

    @Override
    public long usage(String key, LimitKind kind, Duration window, long nowMillis) {
        return run(USAGE, new String[]{keyOf(key, kind, window)},
                new String[]{Long.toString(nowMillis), Long.toString(window.toMillis()), Long.toString(bucketMillis(window))}).get(0);
    }

    private List<Long> run(SharedRedis.Script script, String[] keys, String[] args) {
        try {
            return redis.eval(script, keys, args);
        } catch (SharedStateUnavailableException e) {
            throw new CountersUnavailableException("Redis counters unavailable: " + e.getMessage());
        }
    }

    /** A counter's Redis key: the edge hosts and the relays count one limit under one key. */
    public static String keyOf(String key, LimitKind kind, Duration window) {
        return "{modelgate}:rl:" + kind.name().toLowerCase() + ":" + window.toMillis() + ":" + key;
    }

    public static long bucketMillis(Duration window) {
        return LimitCheck.bucketMillis(window.toMillis(), BUCKETS_PER_WINDOW);
    }

    @Override
    public void close() {
        if (ownsRedis) {
            redis.close();
        }
    }
}
