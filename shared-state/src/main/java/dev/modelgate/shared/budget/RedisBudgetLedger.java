package dev.modelgate.shared.budget;

import dev.modelgate.policy.budget.BudgetDenial;
import dev.modelgate.policy.budget.BudgetLedger;
import dev.modelgate.policy.budget.BudgetPeriod;
import dev.modelgate.policy.budget.BudgetStatus;
import dev.modelgate.policy.budget.BudgetWindow;
import dev.modelgate.policy.budget.Reservation;
import dev.modelgate.policy.budget.ReserveResult;
import dev.modelgate.shared.redis.SharedRedis;
import dev.modelgate.shared.redis.SharedStateUnavailableException;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@link BudgetLedger} every relay shares through Redis. The admission rule
 * {@code spent + reserved + estimate <= limit} is checked and the estimate held in one Lua script, so N relays
 * overshoot a budget by no more than one relay does: the sum of the holds in flight beyond their estimates.
 *
 * <p>Per budget and window, a hash ({@code {modelgate}:budget:<key>:<window start ms>}) holds {@code spent},
 * {@code reserved}, {@code seeded} and one field per hold, and a sorted set ({@code ...:leases}) the holds'
 * lease expiries. A hold whose relay died is given back once its lease runs out. A window Redis does not hold
 * (restart, failover, eviction) is rebuilt from the ledger through {@link SpendSource} before the first
 * reservation, so a Redis restart never resets spend. Both keys expire one grace day after the window ends.
 *
 * <p>Redis down: every call throws {@link BudgetsUnavailableException} (fail closed; the caller answers 503),
 * except settle and release, which cannot refuse a finished request: they are kept and retried on the next
 * call that reaches Redis, up to {@code maxPending}; beyond that (or when the relay dies) the hold's lease
 * gives it back and the spend is counted by the next re-seed from the ledger.
 */
public final class RedisBudgetLedger implements BudgetLedger {

    private static final System.Logger LOG = System.getLogger(RedisBudgetLedger.class.getName());
    private static final SharedRedis.Script RESERVE = SharedRedis.Script.load(RedisBudgetLedger.class, "holds.lua", "reserve.lua");
    private static final SharedRedis.Script SETTLE = SharedRedis.Script.load(RedisBudgetLedger.class, "settle.lua");
    private static final SharedRedis.Script SEED = SharedRedis.Script.load(RedisBudgetLedger.class, "seed.lua");
    private static final SharedRedis.Script ADD = SharedRedis.Script.load(RedisBudgetLedger.class, "add.lua");
    private static final SharedRedis.Script STATUS = SharedRedis.Script.load(RedisBudgetLedger.class, "status.lua");
    /** How long after its window ends a budget's keys stay: late settlements of the old period still land. */
    static final Duration GRACE = Duration.ofDays(1);

    private final SharedRedis redis;
    private final SpendSource ledger;
    private final Duration lease;
    private final PendingEnds pending;

    /**
     * @param ledger     where an empty Redis rebuilds spend from
     * @param lease      how long a hold lives without being settled (longer than the longest request)
     * @param maxPending settlements kept for retry while Redis is down
     */
    public RedisBudgetLedger(SharedRedis redis, SpendSource ledger, Duration lease, int maxPending) {
        this.redis = redis;
        this.ledger = ledger;
        this.lease = lease;
        this.pending = new PendingEnds(maxPending);
    }

    @Override
    public ReserveResult reserve(String budgetKey, long limitMicros, BudgetPeriod period, ZoneId zone, long estimatedMicros,
                                 Instant now) {
        Objects.requireNonNull(budgetKey, "budgetKey");
        if (estimatedMicros < 0) throw new IllegalArgumentException("estimatedMicros must be >= 0: " + estimatedMicros);
        if (limitMicros < 0) throw new IllegalArgumentException("limitMicros must be >= 0: " + limitMicros);
        BudgetWindow window = period.windowFor(now, zone);
        String key = keyOf(budgetKey, window);
        // Random ids: unique across relays and across Redis restarts without a round trip to a counter.
        long id = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
        String[] keys = {key, key + ":leases"};
        try {
            drainPending();
            for (int attempt = 0; attempt < 2; attempt++) {
                List<Long> answer = redis.eval(RESERVE, keys, Long.toString(now.toEpochMilli()), Long.toString(limitMicros),
                        Long.toString(estimatedMicros), Long.toString(id), Long.toString(lease.toMillis()),
                        Long.toString(expiry(window)));
                long outcome = answer.get(0);
                if (outcome == 1L) {
                    return new Reservation(id, budgetKey, window, estimatedMicros);
                }
                if (outcome == 0L) {
                    return new BudgetDenial(budgetKey, window, limitMicros, estimatedMicros, answer.get(1));
                }
                seed(budgetKey, window);
            }
        } catch (SharedStateUnavailableException e) {
            throw new BudgetsUnavailableException("shared budgets unavailable: " + e.getMessage());
        }
        throw new BudgetsUnavailableException("budget window of " + budgetKey + " could not be seeded");
    }

    @Override
    public boolean settle(Reservation reservation, long actualMicros) {
        if (actualMicros < 0) throw new IllegalArgumentException("actualMicros must be >= 0: " + actualMicros);
        return end(new End(reservation, actualMicros, true));
    }

    @Override
    public boolean release(Reservation reservation) {
        return end(new End(reservation, 0, false));
    }

    private boolean end(End end) {
        try {
            boolean ended = run(end);
            drainPending();
            return ended;
        } catch (SharedStateUnavailableException e) {
            if (!pending.offer(end)) {
                LOG.log(System.Logger.Level.WARNING, "settlement queue full while Redis is down: a hold of "
                        + end.reservation().budgetKey() + " is left to its lease; the ledger keeps the spend");
            }
            return false;
        }
    }

    @Override
    public CompletionStage<Boolean> settleAsync(Reservation reservation, long actualMicros) {
        if (actualMicros < 0) throw new IllegalArgumentException("actualMicros must be >= 0: " + actualMicros);
        return endAsync(new End(reservation, actualMicros, true));
    }

    @Override
    public CompletionStage<Boolean> releaseAsync(Reservation reservation) {
        return endAsync(new End(reservation, 0, false));
    }

    /**
     * One pipelined command with the request's other ending steps (see {@code Admission}). Settlements kept
     * from an outage go first, waited for, here on the caller's thread: the answer's callback runs on Redis's
     * I/O thread, which must not wait for Redis.
     */
    private CompletionStage<Boolean> endAsync(End end) {
        if (pending.size() > 0) {
            try {
                drainPending();
            } catch (SharedStateUnavailableException e) {
                // still down: this one is queued behind them below
            }
        }
        String key = keyOf(end.reservation().budgetKey(), end.reservation().window());
        return redis.evalAsync(SETTLE, new String[]{key, key + ":leases"}, Long.toString(end.reservation().id()),
                Long.toString(end.actualMicros()), end.charge() ? "1" : "0").handle((answer, e) -> {
            if (e == null) {
                return answer.get(0) == 1L;
            }
            if (!pending.offer(end)) {
                LOG.log(System.Logger.Level.WARNING, "settlement queue full while Redis is down: a hold of "
                        + end.reservation().budgetKey() + " is left to its lease; the ledger keeps the spend");
            }
            return false;
        });
    }

    private boolean run(End end) {
        String key = keyOf(end.reservation().budgetKey(), end.reservation().window());
        return redis.eval(SETTLE, new String[]{key, key + ":leases"}, Long.toString(end.reservation().id()),
                Long.toString(end.actualMicros()), end.charge() ? "1" : "0").get(0) == 1L;
    }

    /** Settlements kept while Redis was down, sent now that it answers (oldest first). */
    private void drainPending() {
        End next;
        while ((next = pending.poll()) != null) {
            try {
                run(next);
            } catch (SharedStateUnavailableException e) {
                pending.putBack(next);
                return;
            }
        }
    }

    /**
     * With Redis, the ledger's figure at start never overwrites a live window (it lacks what other relays
     * settled but have not written yet); it only seeds a window Redis does not hold.
     */
    @Override
    public void applySnapshot(String budgetKey, BudgetWindow window, long spentMicros) {
        try {
            redis.eval(SEED, new String[]{keyOf(budgetKey, window)}, Long.toString(spentMicros), Long.toString(expiry(window)));
        } catch (SharedStateUnavailableException e) {
            // The first reservation seeds it once Redis answers.
            LOG.log(System.Logger.Level.DEBUG, "budget seed of " + budgetKey + " deferred: Redis unavailable");
        }
    }

    @Override
    public boolean addSpent(String budgetKey, BudgetPeriod period, ZoneId zone, long micros, Instant occurredAt, Instant now) {
        if (micros < 0) throw new IllegalArgumentException("micros must be >= 0: " + micros);
        BudgetWindow window = period.windowFor(occurredAt, zone);
        if (!window.end().isAfter(now)) {
            return false;
        }
        try {
            return redis.eval(ADD, new String[]{keyOf(budgetKey, window)}, Long.toString(micros)).get(0) == 1L;
        } catch (SharedStateUnavailableException e) {
            // Already in the ledger (the caller wrote it there); a re-seed counts it if Redis lost the window.
            return false;
        }
    }

    @Override
    public BudgetStatus status(String budgetKey, long limitMicros, BudgetPeriod period, ZoneId zone, Instant now) {
        BudgetWindow window = period.windowFor(now, zone);
        String key = keyOf(budgetKey, window);
        try {
            List<Long> s = redis.eval(STATUS, new String[]{key});
            if (s.get(0) == 0L) {
                seed(budgetKey, window);
                s = redis.eval(STATUS, new String[]{key});
            }
            long spent = s.get(1);
            long reserved = s.get(2);
            return new BudgetStatus(budgetKey, window, limitMicros, spent, reserved, Math.max(0, limitMicros - spent - reserved));
        } catch (SharedStateUnavailableException e) {
            throw new BudgetsUnavailableException("shared budgets unavailable: " + e.getMessage());
        }
    }

    /**
     * What reserving {@code estimatedMicros} takes, for a script that reserves it together with other holds: the
     * reservation it would be, the window's two keys, and the reserve step's values (limit, amount, reservation id,
     * lease ms, key expiry), as reserve.lua takes them after {@code now}.
     */
    public Prepared prepare(String budgetKey, long limitMicros, BudgetPeriod period, ZoneId zone, long estimatedMicros, Instant now) {
        Objects.requireNonNull(budgetKey, "budgetKey");
        BudgetWindow window = period.windowFor(now, zone);
        String key = keyOf(budgetKey, window);
        // Random ids: unique across relays and across Redis restarts without a round trip to a counter.
        long id = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
        return new Prepared(new Reservation(id, budgetKey, window, estimatedMicros), new String[]{key, key + ":leases"},
                new String[]{Long.toString(limitMicros), Long.toString(estimatedMicros), Long.toString(id),
                        Long.toString(lease.toMillis()), Long.toString(expiry(window))});
    }

    /** See {@link #prepare}. */
    public record Prepared(Reservation reservation, String[] keys, String[] values) {
    }

    /** Rebuilds a window Redis does not hold from the ledger (an empty Redis). */
    public void seedFromLedger(String budgetKey, BudgetWindow window) {
        try {
            seed(budgetKey, window);
        } catch (SharedStateUnavailableException e) {
            throw new BudgetsUnavailableException("shared budgets unavailable: " + e.getMessage());
        }
    }

    /** Settlements waiting for Redis; for monitoring and tests. */
    public int pendingSettlements() {
        return pending.size();
    }

    private void seed(String budgetKey, BudgetWindow window) {
        long spent;
        try {
            spent = ledger.spent(budgetKey, window);
        } catch (RuntimeException e) {
            throw new BudgetsUnavailableException("the ledger cannot rebuild the budget of " + budgetKey);
        }
        if (redis.eval(SEED, new String[]{keyOf(budgetKey, window)}, Long.toString(spent), Long.toString(expiry(window))).get(0) == 1L) {
            LOG.log(System.Logger.Level.INFO, "budget " + budgetKey + " rebuilt from the ledger for the window from "
                    + window.start() + ": " + spent + " micro-USD spent");
        }
    }

    private static long expiry(BudgetWindow window) {
        return window.end().plus(GRACE).toEpochMilli();
    }

    static String keyOf(String budgetKey, BudgetWindow window) {
        return "{modelgate}:budget:" + budgetKey + ":" + window.start().toEpochMilli();
    }

    /** One settle or release not yet applied. */
    record End(Reservation reservation, long actualMicros, boolean charge) {
    }
}
