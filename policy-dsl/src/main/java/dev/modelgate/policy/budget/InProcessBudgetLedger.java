package dev.modelgate.policy.budget;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Single-node {@link BudgetLedger}: one {@link WindowBalance} per (key, window start) in a
 * {@link ConcurrentHashMap}; each balance has its own monitor, so requests of different
 * teams never contend.
 *
 * <p>Memory: a balance lives while its window is current, and afterwards until its last
 * reservation is settled or released. Balances whose window ended more than
 * {@code abandonAfter} ago are dropped even with reservations outstanding (their request
 * died; the central settlement ledger holds the real record). {@link #evictExpired} runs
 * inline at most once per sweep interval, or may be called by a scheduler.
 */
public final class InProcessBudgetLedger implements BudgetLedger {

    public static final Duration DEFAULT_ABANDON_AFTER = Duration.ofHours(1);
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(1);

    private record WindowKey(String budgetKey, Instant windowStart) {}

    private final ConcurrentHashMap<WindowKey, WindowBalance> balances = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicLong nextSweepAt = new AtomicLong(Long.MIN_VALUE);
    private final long abandonAfterMillis;
    private final long sweepIntervalMillis;

    public InProcessBudgetLedger() {
        this(DEFAULT_ABANDON_AFTER, DEFAULT_SWEEP_INTERVAL);
    }

    public InProcessBudgetLedger(Duration abandonAfter, Duration sweepInterval) {
        this.abandonAfterMillis = abandonAfter.toMillis();
        this.sweepIntervalMillis = sweepInterval.toMillis();
        if (abandonAfterMillis < 0) throw new IllegalArgumentException("abandonAfter must be >= 0");
        if (sweepIntervalMillis < 1) throw new IllegalArgumentException("sweepInterval must be >= 1 ms");
    }

    @Override
    public ReserveResult reserve(String budgetKey, long limitMicros, BudgetPeriod period, ZoneId zone,
                                 long estimatedMicros, Instant now) {
        Objects.requireNonNull(budgetKey, "budgetKey");
        if (estimatedMicros < 0) throw new IllegalArgumentException("estimatedMicros must be >= 0: " + estimatedMicros);
        if (limitMicros < 0) throw new IllegalArgumentException("limitMicros must be >= 0: " + limitMicros);
        maybeSweep(now);
        BudgetWindow window = period.windowFor(now, zone);
        long id = nextId.getAndIncrement();
        while (true) {
            WindowBalance balance = balanceFor(budgetKey, window);
            switch (balance.tryReserve(id, limitMicros, estimatedMicros)) {
                case RESERVED:
                    return new Reservation(id, budgetKey, balance.window, estimatedMicros);
                case DENIED:
                    return new BudgetDenial(budgetKey, balance.window, limitMicros, estimatedMicros,
                            balance.remaining(limitMicros));
                case RETIRED:
                default:
                    continue; // evicted between lookup and lock
            }
        }
    }

    @Override
    public boolean settle(Reservation reservation, long actualMicros) {
        if (actualMicros < 0) throw new IllegalArgumentException("actualMicros must be >= 0: " + actualMicros);
        WindowBalance balance = balances.get(keyOf(reservation));
        return balance != null && balance.settle(reservation.id(), actualMicros);
    }

    @Override
    public boolean release(Reservation reservation) {
        WindowBalance balance = balances.get(keyOf(reservation));
        return balance != null && balance.release(reservation.id());
    }

    @Override
    public void applySnapshot(String budgetKey, BudgetWindow window, long spentMicros) {
        if (spentMicros < 0) throw new IllegalArgumentException("spentMicros must be >= 0: " + spentMicros);
        while (!balanceFor(budgetKey, window).setSpent(spentMicros)) {
            Thread.onSpinWait(); // evicted concurrently: apply to the fresh balance
        }
    }

    @Override
    public boolean addSpent(String budgetKey, BudgetPeriod period, ZoneId zone, long micros, Instant occurredAt, Instant now) {
        Objects.requireNonNull(budgetKey, "budgetKey");
        if (micros < 0) throw new IllegalArgumentException("micros must be >= 0: " + micros);
        maybeSweep(now);
        BudgetWindow window = period.windowFor(occurredAt, zone);
        if (!window.end().isAfter(now)) {
            // Creating a balance for it would only hold memory until the next sweep: nothing reads an ended window.
            WindowBalance ended = balances.get(new WindowKey(budgetKey, window.start()));
            return ended != null && ended.addSpent(micros);
        }
        while (!balanceFor(budgetKey, window).addSpent(micros)) {
            Thread.onSpinWait(); // evicted concurrently: add to the fresh balance
        }
        return true;
    }

    @Override
    public BudgetStatus status(String budgetKey, long limitMicros, BudgetPeriod period, ZoneId zone, Instant now) {
        BudgetWindow window = period.windowFor(now, zone);
        WindowBalance balance = balances.get(new WindowKey(budgetKey, window.start()));
        if (balance == null) return new BudgetStatus(budgetKey, window, limitMicros, 0, 0, limitMicros);
        return balance.status(budgetKey, limitMicros);
    }

    /**
     * Drops balances of ended windows with nothing outstanding, and of windows that ended
     * more than {@code abandonAfter} ago regardless.
     *
     * @return how many balances were dropped
     */
    public int evictExpired(Instant now) {
        long nowMillis = now.toEpochMilli();
        long abandonBefore = nowMillis - abandonAfterMillis;
        int evicted = 0;
        for (var e : balances.entrySet()) {
            WindowBalance balance = e.getValue();
            if (balance.retireIfStale(nowMillis, abandonBefore)) {
                balances.remove(e.getKey(), balance);
                evicted++;
            }
        }
        return evicted;
    }

    /** Number of live (key, window) balances; for monitoring and tests. */
    public int trackedBalances() {
        return balances.size();
    }

    private void maybeSweep(Instant now) {
        long nowMillis = now.toEpochMilli();
        long due = nextSweepAt.get();
        if (due == Long.MIN_VALUE) {
            nextSweepAt.compareAndSet(Long.MIN_VALUE, nowMillis + sweepIntervalMillis);
        } else if (nowMillis >= due && nextSweepAt.compareAndSet(due, nowMillis + sweepIntervalMillis)) {
            evictExpired(now);
        }
    }

    private WindowBalance balanceFor(String budgetKey, BudgetWindow window) {
        WindowKey key = new WindowKey(budgetKey, window.start());
        WindowBalance balance = balances.get(key);
        return balance != null ? balance : balances.computeIfAbsent(key, k -> new WindowBalance(window));
    }

    private static WindowKey keyOf(Reservation reservation) {
        return new WindowKey(reservation.budgetKey(), reservation.window().start());
    }
}
