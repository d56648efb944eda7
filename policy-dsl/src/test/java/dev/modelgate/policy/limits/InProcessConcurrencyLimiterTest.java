package dev.modelgate.policy.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InProcessConcurrencyLimiterTest {

    private final InProcessConcurrencyLimiter limiter = new InProcessConcurrencyLimiter();

    @Test
    void capsInFlightAndFreesOnClose() {
        Optional<Permit> a = limiter.tryEnter("team:a", 2);
        Optional<Permit> b = limiter.tryEnter("team:a", 2);
        assertThat(a).isPresent();
        assertThat(b).isPresent();
        assertThat(limiter.tryEnter("team:a", 2)).isEmpty();
        assertThat(limiter.tryEnter("team:b", 2)).isPresent();
        a.get().close();
        assertThat(limiter.inFlight("team:a")).isEqualTo(1);
        assertThat(limiter.tryEnter("team:a", 2)).isPresent();
    }

    @Test
    void closeIsIdempotent() {
        Permit p = limiter.tryEnter("k", 1).orElseThrow();
        Permit q;
        p.close();
        q = limiter.tryEnter("k", 1).orElseThrow();
        p.close(); // must not release q's slot
        assertThat(limiter.inFlight("k")).isEqualTo(1);
        assertThat(limiter.tryEnter("k", 1)).isEmpty();
        q.close();
        q.close();
        assertThat(limiter.inFlight("k")).isZero();
    }

    @Test
    void idleKeysAreRemoved() {
        for (int i = 0; i < 1_000; i++) {
            try (Permit p = limiter.tryEnter("key:" + i, 3).orElseThrow()) {
                assertThat(p.key()).isEqualTo("key:" + i);
            }
        }
        assertThat(limiter.trackedKeys()).isZero();
    }

    @Test
    void zeroCapDeniesEverything() {
        assertThat(limiter.tryEnter("k", 0)).isEmpty();
        assertThat(limiter.trackedKeys()).isZero();
    }

    @Test
    void capHoldsUnderManyThreadsIncludingKeyRemovalRaces() throws Exception {
        int max = 3;
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger maxSeen = new AtomicInteger();
        AtomicInteger granted = new AtomicInteger();
        ConcurrentAdmissionTest.runConcurrently(32, () -> {
            for (int i = 0; i < 20_000; i++) {
                Optional<Permit> permit = limiter.tryEnter("k", max);
                if (permit.isEmpty()) continue;
                granted.incrementAndGet();
                int now = holders.incrementAndGet();
                maxSeen.accumulateAndGet(now, Math::max);
                holders.decrementAndGet();
                permit.get().close();
                permit.get().close();
            }
            return null;
        });
        assertThat(maxSeen.get()).isLessThanOrEqualTo(max);
        assertThat(granted.get()).isPositive();
        assertThat(limiter.inFlight("k")).isZero();
        assertThat(limiter.trackedKeys()).isZero();
    }
}
