package dev.modelgate.policy.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/** Many threads on overlapping keys: no lost update, no over-admission, no deadlock. */
class ConcurrentAdmissionTest {

    private static final int THREADS = 32;
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void overlappingMultiKeyAdmissionsStayExactAndWithinLimits() throws Exception {
        InProcessRateCounters counters = new InProcessRateCounters();
        String[] keys = {"team:a", "key:x", "team:a|alias:chat"};
        long[] limits = {5_000, 7_000, 3_000};
        AtomicLongArray recorded = new AtomicLongArray(keys.length);

        runConcurrently(THREADS, () -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            for (int op = 0; op < 2_000; op++) {
                // a random non-empty subset in random order, so lock ordering is exercised
                List<Integer> picked = new ArrayList<>();
                for (int k = 0; k < keys.length; k++) if (rnd.nextBoolean()) picked.add(k);
                if (picked.isEmpty()) picked.add(rnd.nextInt(keys.length));
                java.util.Collections.shuffle(picked, rnd);
                List<LimitCheck> checks = new ArrayList<>();
                long amount = 1 + rnd.nextInt(3);
                for (int k : picked) checks.add(new LimitCheck(keys[k], LimitKind.TOKENS, limits[k], amount, MINUTE));
                if (counters.tryAdmit(checks, 1_000).allowed()) {
                    for (int k : picked) recorded.addAndGet(k, amount);
                }
            }
            return null;
        });

        for (int k = 0; k < keys.length; k++) {
            long usage = counters.usage(keys[k], LimitKind.TOKENS, MINUTE, 1_000);
            assertThat(usage).as(keys[k]).isEqualTo(recorded.get(k)).isLessThanOrEqualTo(limits[k]);
        }
        // the load was far above every limit: each one ends within an amount of being full
        assertThat(counters.usage("team:a|alias:chat", LimitKind.TOKENS, MINUTE, 1_000)).isGreaterThan(3_000 - 3);
    }

    @Test
    void exactlyTheLimitIsAdmittedUnderContention() throws Exception {
        InProcessRateCounters counters = new InProcessRateCounters();
        AtomicLongArray admitted = new AtomicLongArray(1);
        runConcurrently(THREADS, () -> {
            for (int i = 0; i < 1_000; i++) {
                if (counters.tryAdmit(List.of(LimitCheck.requestsPerMinute("k", 777)), 5_000).allowed()) {
                    admitted.incrementAndGet(0);
                }
            }
            return null;
        });
        assertThat(admitted.get(0)).isEqualTo(777);
    }

    @Test
    void admissionsRacingWithEvictionNeitherLoseNorOverAdmit() throws Exception {
        // At time 0 a counter is idle only between its creation and its first record, which
        // is exactly when an admission that looked it up may be about to lock it: the sweeper
        // hammers that gap. A record landing in an evicted counter would be lost and let a
        // key admit more than its limit.
        InProcessRateCounters counters = new InProcessRateCounters();
        int keys = 2_000;
        AtomicLongArray admitted = new AtomicLongArray(keys);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread sweeper = new Thread(() -> {
            while (!done.get()) counters.evictIdle(0);
        });
        sweeper.start();
        try {
            runConcurrently(THREADS, () -> {
                for (int round = 0; round < 5; round++) {
                    for (int k = 0; k < keys; k++) {
                        if (counters.tryAdmit(List.of(LimitCheck.requestsPerMinute("k" + k, 3)), 0).allowed()) {
                            admitted.incrementAndGet(k);
                        }
                    }
                }
                return null;
            });
        } finally {
            done.set(true);
            sweeper.join();
        }
        for (int k = 0; k < keys; k++) {
            assertThat(admitted.get(k)).as("k" + k).isEqualTo(3);
            assertThat(counters.usage("k" + k, LimitKind.REQUESTS, MINUTE, 0)).as("k" + k).isEqualTo(3);
        }
    }

    static void runConcurrently(int threads, Callable<Void> body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Void>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return body.call();
                }));
            }
            start.countDown();
            for (Future<Void> f : futures) f.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }
}
