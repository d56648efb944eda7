package dev.modelgate.relay.providers;

import dev.modelgate.policy.model.Resilience;
import dev.modelgate.policy.routing.CircuitState;
import dev.modelgate.policy.routing.LiveStats;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakersTest {

    private static final Resilience FOUR_CALLS_HALF_FAIL = new Resilience(1000, 0, new BigDecimal("0.5"), 4, 1000);
    private final LiveStats stats = new LiveStats();
    private final CircuitBreakers breakers = new CircuitBreakers(stats);

    private CircuitState state() {
        return stats.health("p/m").circuit();
    }

    @Test
    void opensOnlyOnceTheWindowIsFullAndTheRatioReached() {
        breakers.record("p/m", FOUR_CALLS_HALF_FAIL, false, 0);
        breakers.record("p/m", FOUR_CALLS_HALF_FAIL, false, 1);
        breakers.record("p/m", FOUR_CALLS_HALF_FAIL, true, 2);
        assertThat(state()).isEqualTo(CircuitState.CLOSED); // 3 of 4 calls seen
        breakers.record("p/m", FOUR_CALLS_HALF_FAIL, true, 3);
        assertThat(state()).isEqualTo(CircuitState.OPEN); // 2 failures of 4 = 0.5
        assertThat(breakers.permits("p/m")).isFalse();
    }

    @Test
    void staysClosedBelowTheRatio() {
        for (int i = 0; i < 20; i++) {
            breakers.record("p/m", FOUR_CALLS_HALF_FAIL, i % 4 != 0, i); // 1 failure in 4
        }
        assertThat(state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breakers.permits("p/m")).isTrue();
    }

    @Test
    void halfOpensAfterTheDelayWithExactlyOneTrialThenClosesOrReopens() {
        for (int i = 0; i < 4; i++) {
            breakers.record("p/m", FOUR_CALLS_HALF_FAIL, false, 100);
        }
        breakers.tick(1099);
        assertThat(state()).isEqualTo(CircuitState.OPEN);
        breakers.tick(1100);
        assertThat(state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(breakers.permits("p/m")).isTrue();
        assertThat(breakers.permits("p/m")).as("only one trial").isFalse();

        breakers.record("p/m", FOUR_CALLS_HALF_FAIL, false, 1200);
        assertThat(state()).isEqualTo(CircuitState.OPEN);
        breakers.tick(2200);
        assertThat(breakers.permits("p/m")).isTrue();
        breakers.record("p/m", FOUR_CALLS_HALF_FAIL, true, 2300);
        assertThat(state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breakers.permits("p/m")).isTrue();
        breakers.record("p/m", FOUR_CALLS_HALF_FAIL, false, 2400);
        assertThat(state()).as("a fresh window after closing").isEqualTo(CircuitState.CLOSED);
    }
}
