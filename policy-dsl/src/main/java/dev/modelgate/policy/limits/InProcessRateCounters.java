package dev.modelgate.policy.limits;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Single-node {@link RateCounters}: one {@link SlidingWindowCounter} per
 * {@code (key, kind, window)} in a {@link ConcurrentHashMap}, each with its own lock.
 * An admission locks only the counters it touches, always in ascending
 * {@link SlidingWindowCounter#order}, so concurrent admissions on overlapping keys
 * cannot deadlock and there is no global lock.
 *
 * <p>Idle counters (nothing left in their window) are evicted by {@link #evictIdle},
 * which a request runs inline at most once per sweep interval; hosts with a scheduler
 * may call it themselves instead.
 */
public final class InProcessRateCounters implements RateCounters {

    public static final int DEFAULT_BUCKETS_PER_WINDOW = 60;
    public static final long DEFAULT_SWEEP_INTERVAL_MILLIS = 60_000;

    private record CounterId(String key, LimitKind kind, long windowMillis) {}

    private final ConcurrentHashMap<CounterId, SlidingWindowCounter> counters = new ConcurrentHashMap<>();
    private final AtomicLong nextOrder = new AtomicLong();
    private final AtomicLong nextSweepAt;
    private final int bucketsPerWindow;
    private final long sweepIntervalMillis;
    /** Test seam: runs between counter lookup and locking, the gap eviction races with. */
    private final Runnable beforeLock;

    public InProcessRateCounters() {
        this(DEFAULT_BUCKETS_PER_WINDOW, DEFAULT_SWEEP_INTERVAL_MILLIS);
    }

    /**
     * @param bucketsPerWindow    resolution; the window may forget up to 1/bucketsPerWindow early
     * @param sweepIntervalMillis how often a request evicts idle counters inline; {@code Long.MAX_VALUE} disables it
     */
    public InProcessRateCounters(int bucketsPerWindow, long sweepIntervalMillis) {
        this(bucketsPerWindow, sweepIntervalMillis, () -> { });
    }

    InProcessRateCounters(int bucketsPerWindow, long sweepIntervalMillis, Runnable beforeLock) {
        if (bucketsPerWindow < 1) throw new IllegalArgumentException("bucketsPerWindow must be >= 1");
        if (sweepIntervalMillis < 1) throw new IllegalArgumentException("sweepIntervalMillis must be >= 1");
        this.bucketsPerWindow = bucketsPerWindow;
        this.sweepIntervalMillis = sweepIntervalMillis;
        this.nextSweepAt = new AtomicLong(Long.MIN_VALUE);
        this.beforeLock = beforeLock;
    }

    @Override
    public Admission tryAdmit(List<LimitCheck> checks, long nowMillis) {
        maybeSweep(nowMillis);
        int n = checks.size();
        if (n == 0) return Admission.allow(new AdmissionTicket(checks, nowMillis));
        SlidingWindowCounter[] locked = new SlidingWindowCounter[n];
        while (true) {
            for (int i = 0; i < n; i++) locked[i] = counterFor(checks.get(i), nowMillis);
            SlidingWindowCounter[] sorted = sortedByOrder(locked);
            beforeLock.run();
            for (SlidingWindowCounter c : sorted) c.lock.lock();
            try {
                if (anyRetired(sorted)) continue; // evicted between lookup and lock: look up again
                return admitLocked(checks, locked, nowMillis);
            } finally {
                for (int i = sorted.length - 1; i >= 0; i--) sorted[i].lock.unlock();
            }
        }
    }

    private Admission admitLocked(List<LimitCheck> checks, SlidingWindowCounter[] counters, long nowMillis) {
        int n = checks.size();
        for (SlidingWindowCounter c : counters) c.advance(nowMillis);
        LimitCheck worst = null;
        long worstWait = -2;
        for (int i = 0; i < n; i++) {
            LimitCheck check = checks.get(i);
            // the same counter may appear in several checks: all their amounts land in it
            long incoming = 0;
            for (int j = 0; j < n; j++) if (counters[j] == counters[i]) incoming += checks.get(j).amount();
            long excess = counters[i].total() + incoming - check.limit();
            if (excess <= 0) continue;
            long wait = incoming > check.limit()
                    ? Long.MAX_VALUE // can never fit
                    : counters[i].millisUntilFreed(excess, nowMillis);
            if (wait < 0) wait = Long.MAX_VALUE;
            if (wait > worstWait) {
                worstWait = wait;
                worst = check;
            }
        }
        if (worst != null) {
            Duration retryAfter = worstWait == Long.MAX_VALUE ? worst.window() : Duration.ofMillis(worstWait);
            return Admission.deny(worst, retryAfter);
        }
        for (int i = 0; i < n; i++) counters[i].add(checks.get(i).amount());
        return Admission.allow(new AdmissionTicket(checks, nowMillis));
    }

    @Override
    public void adjust(AdmissionTicket ticket, long actualTokens, long nowMillis) {
        if (actualTokens < 0) throw new IllegalArgumentException("actualTokens must be >= 0: " + actualTokens);
        long previous = ticket.swapActualTokens(actualTokens);
        for (LimitCheck check : ticket.checks()) {
            if (check.kind() != LimitKind.TOKENS) continue;
            long delta = actualTokens - (previous < 0 ? check.amount() : previous);
            if (delta == 0) continue;
            CounterId id = idOf(check);
            while (true) {
                SlidingWindowCounter c = delta > 0 ? counterFor(id, nowMillis) : counters.get(id);
                if (c == null) break; // evicted: the estimate already slid out, nothing to refund
                c.lock.lock();
                try {
                    if (c.retired) continue;
                    c.advance(nowMillis);
                    c.adjust(ticket.recordedAtMillis(), delta);
                    break;
                } finally {
                    c.lock.unlock();
                }
            }
        }
    }

    @Override
    public long usage(String key, LimitKind kind, Duration window, long nowMillis) {
        SlidingWindowCounter c = counters.get(new CounterId(key, kind, window.toMillis()));
        if (c == null) return 0;
        c.lock.lock();
        try {
            c.advance(nowMillis);
            return c.total();
        } finally {
            c.lock.unlock();
        }
    }

    /**
     * Removes counters with nothing left in their window. Uses tryLock so a sweep never
     * waits behind a request; a busy counter is by definition not idle.
     *
     * @return how many counters were removed
     */
    public int evictIdle(long nowMillis) {
        int evicted = 0;
        for (var e : counters.entrySet()) {
            SlidingWindowCounter c = e.getValue();
            if (!c.lock.tryLock()) continue;
            try {
                if (!c.retired && c.idle(nowMillis)) {
                    c.retired = true;
                    counters.remove(e.getKey(), c);
                    evicted++;
                }
            } finally {
                c.lock.unlock();
            }
        }
        return evicted;
    }

    /** Number of live counters; for monitoring and tests. */
    public int trackedCounters() {
        return counters.size();
    }

    private void maybeSweep(long nowMillis) {
        long due = nextSweepAt.get();
        if (due == Long.MIN_VALUE) {
            nextSweepAt.compareAndSet(Long.MIN_VALUE, saturatedAdd(nowMillis, sweepIntervalMillis));
            return;
        }
        if (nowMillis >= due && nextSweepAt.compareAndSet(due, saturatedAdd(nowMillis, sweepIntervalMillis))) {
            evictIdle(nowMillis);
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private SlidingWindowCounter counterFor(LimitCheck check, long nowMillis) {
        return counterFor(idOf(check), nowMillis);
    }

    private SlidingWindowCounter counterFor(CounterId id, long nowMillis) {
        SlidingWindowCounter c = counters.get(id);
        if (c != null) return c;
        Function<CounterId, SlidingWindowCounter> create = k ->
                new SlidingWindowCounter(nextOrder.getAndIncrement(), k.windowMillis(), bucketsPerWindow, nowMillis);
        return counters.computeIfAbsent(id, create);
    }

    private static CounterId idOf(LimitCheck check) {
        return new CounterId(check.key(), check.kind(), check.window().toMillis());
    }

    /** Insertion sort without duplicates: lists are a handful of checks long. */
    private static SlidingWindowCounter[] sortedByOrder(SlidingWindowCounter[] counters) {
        SlidingWindowCounter[] out = new SlidingWindowCounter[counters.length];
        int size = 0;
        for (SlidingWindowCounter c : counters) {
            int pos = size;
            boolean duplicate = false;
            for (int i = 0; i < size; i++) {
                if (out[i] == c) {
                    duplicate = true;
                    break;
                }
            }
            if (duplicate) continue;
            while (pos > 0 && out[pos - 1].order > c.order) {
                out[pos] = out[pos - 1];
                pos--;
            }
            out[pos] = c;
            size++;
        }
        return size == out.length ? out : java.util.Arrays.copyOf(out, size);
    }

    private static boolean anyRetired(SlidingWindowCounter[] counters) {
        for (SlidingWindowCounter c : counters) if (c.retired) return true;
        return false;
    }
}
