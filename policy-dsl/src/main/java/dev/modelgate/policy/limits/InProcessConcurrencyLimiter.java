package dev.modelgate.policy.limits;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lock-free per-key in-flight counters. A key's counter is removed as soon as its last
 * permit closes, so idle keys cost no memory. To make removal safe without a lock the
 * last closer moves the counter from 0 to {@link #DEAD}; nobody can take a slot on a dead
 * counter, so a thread that still holds a reference to it looks the key up again and
 * gets (or creates) the fresh one — the cap is never exceeded across the swap.
 */
public final class InProcessConcurrencyLimiter implements ConcurrencyLimiter {

    private static final int DEAD = -1;

    private final ConcurrentHashMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    @Override
    public Optional<Permit> tryEnter(String key, int max) {
        if (max < 0) throw new IllegalArgumentException("max must be >= 0: " + max);
        if (max == 0) return Optional.empty();
        while (true) {
            AtomicInteger counter = inFlight.computeIfAbsent(key, k -> new AtomicInteger());
            while (true) {
                int held = counter.get();
                if (held == DEAD) break; // being removed: look the key up again
                if (held >= max) {
                    return Optional.empty();
                }
                if (counter.compareAndSet(held, held + 1)) {
                    return Optional.of(new HeldPermit(key, counter));
                }
            }
            Thread.onSpinWait();
        }
    }

    @Override
    public int inFlight(String key) {
        AtomicInteger counter = inFlight.get(key);
        return counter == null ? 0 : Math.max(0, counter.get());
    }

    /** Number of keys with at least one slot held (or being removed); for monitoring and tests. */
    public int trackedKeys() {
        return inFlight.size();
    }

    private void exit(String key, AtomicInteger counter) {
        if (counter.decrementAndGet() == 0 && counter.compareAndSet(0, DEAD)) {
            inFlight.remove(key, counter);
        }
    }

    private final class HeldPermit implements Permit {
        private final String key;
        private final AtomicInteger counter;
        private final AtomicBoolean closed = new AtomicBoolean();

        HeldPermit(String key, AtomicInteger counter) {
            this.key = key;
            this.counter = counter;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) exit(key, counter);
        }
    }
}
