package dev.modelgate.policy.limits;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A ring of fixed-size buckets covering one window. Not thread-safe by itself: every
 * method except construction must run while holding {@link #lock}, because an admission
 * locks several counters at once (in {@link #order} order) to check-and-record atomically.
 *
 * <p>Accuracy: with bucket length {@code b}, the counted span at time {@code now} is the
 * current (partial) bucket plus the {@code slots - 1} previous full buckets, i.e. it
 * starts between {@code window - b} and {@code window} before {@code now}. An event is
 * therefore counted for at least {@code window - b} and at most {@code window} ms, and it
 * is never counted at or after {@code event + window}. The only error is permissive and
 * bounded by what was recorded in one bucket (1 s of traffic for a 60 s window with 60
 * buckets). Events recorded exactly at a bucket start expire exactly at {@code t + window}.
 * (If no bucket length near {@code window / buckets} divides the window, the ring is rounded
 * up and may count up to one bucket longer than the window instead: strict, never lenient.)
 */
final class SlidingWindowCounter {

    final ReentrantLock lock = new ReentrantLock();
    /** Global lock order; unique per counter instance, so a re-created counter gets a new one. */
    final long order;
    final long bucketMillis;
    private final long[] counts;
    /** Epoch bucket index ({@code nowMillis / bucketMillis}) of the newest bucket. */
    private long head;
    private long total;
    /** Set under lock when evicted: a thread that looked the counter up before must retry. */
    boolean retired;

    SlidingWindowCounter(long order, long windowMillis, int bucketsPerWindow, long nowMillis) {
        this.order = order;
        this.bucketMillis = bucketMillisFor(windowMillis, bucketsPerWindow);
        this.counts = new long[(int) ((windowMillis + bucketMillis - 1) / bucketMillis)];
        this.head = Math.floorDiv(nowMillis, bucketMillis);
    }

    static long bucketMillisFor(long windowMillis, int bucketsPerWindow) {
        return LimitCheck.bucketMillis(windowMillis, bucketsPerWindow);
    }

    int slots() {
        return counts.length;
    }

    /** Drops buckets that slid out of the window. A clock step backwards records into the head. */
    void advance(long nowMillis) {
        long idx = Math.floorDiv(nowMillis, bucketMillis);
        if (idx <= head) return;
        if (idx - head >= counts.length) {
            java.util.Arrays.fill(counts, 0);
            total = 0;
        } else {
            for (long i = head + 1; i <= idx; i++) {
                int slot = slot(i);
                total -= counts[slot];
                counts[slot] = 0;
            }
        }
        head = idx;
    }

    long total() {
        return total;
    }

    void add(long amount) {
        counts[slot(head)] += amount;
        total += amount;
    }

    /**
     * Applies a correction to the bucket of {@code recordedAtMillis} if it is still in the
     * window (else extra usage goes to the newest bucket and a refund is dropped). Clamps
     * the bucket at zero so neither a bucket nor the total can go negative.
     */
    void adjust(long recordedAtMillis, long delta) {
        long idx = Math.min(Math.floorDiv(recordedAtMillis, bucketMillis), head);
        if (idx <= head - counts.length) {
            if (delta <= 0) return;
            idx = head;
        }
        int slot = slot(idx);
        long updated = Math.max(0, counts[slot] + delta);
        total += updated - counts[slot];
        counts[slot] = updated;
    }

    /** True when nothing recorded is still inside the window at {@code nowMillis}. */
    boolean idle(long nowMillis) {
        advance(nowMillis);
        return total == 0;
    }

    /**
     * Time from {@code nowMillis} until {@code needed} units have slid out, oldest bucket
     * first; -1 if even the whole window holds fewer than {@code needed}.
     */
    long millisUntilFreed(long needed, long nowMillis) {
        long freed = 0;
        for (long i = head - counts.length + 1; i <= head; i++) {
            freed += counts[slot(i)];
            if (freed >= needed) {
                // bucket i stops being counted once the head reaches i + slots
                return Math.max(0, (i + counts.length) * bucketMillis - nowMillis);
            }
        }
        return -1;
    }

    private int slot(long bucketIndex) {
        return (int) Math.floorMod(bucketIndex, (long) counts.length);
    }
}
