package dev.modelgate.relay.health;

import dev.modelgate.policy.model.Resilience;
import dev.modelgate.policy.routing.CircuitState;
import dev.modelgate.policy.routing.LiveStats;
import dev.modelgate.relay.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

class BreakersTest {

    /** Opens at half of at least 4 calls in a 10 s window; half-open after 200 ms; two trial calls. */
    private static final Resilience QUICK = new Resilience(1000, 0, new BigDecimal("0.5"), 4, 200, 10_000, 2);

    @Test
    void opensWhenHalfTheWindowFailsAndNotBefore() {
        Breakers breakers = new Breakers(new LiveStats(), Clock.systemUTC());
        breakers.record("p/m", QUICK, Outcome.FAILURE, 10);
        breakers.record("p/m", QUICK, Outcome.FAILURE, 10);
        breakers.record("p/m", QUICK, Outcome.SUCCESS, 10);
        assertThat(breakers.state("p/m")).as("three calls are below the minimum of four").isEqualTo(CircuitState.CLOSED);
        breakers.record("p/m", QUICK, Outcome.SUCCESS, 10);
        assertThat(breakers.state("p/m")).isEqualTo(CircuitState.OPEN);
        assertThat(breakers.health("p/m").circuit()).isEqualTo(CircuitState.OPEN);
        assertThat(breakers.tryAcquire("p/m", QUICK)).isFalse();
    }

    @Test
    void clientMistakesDoNotCountAgainstTheDeployment() {
        Breakers breakers = new Breakers(new LiveStats(), Clock.systemUTC());
        for (int i = 0; i < 10; i++) {
            breakers.record("p/m", QUICK, Outcome.of(false, 400), 10);
        }
        assertThat(breakers.state("p/m")).isEqualTo(CircuitState.CLOSED);
        assertThat(Outcome.of(false, 429)).isEqualTo(Outcome.FAILURE);
        assertThat(Outcome.of(false, 503)).isEqualTo(Outcome.FAILURE);
        assertThat(Outcome.of(false, 0)).isEqualTo(Outcome.FAILURE);
    }

    @Test
    void halfOpensByItselfAndLetsABoundedNumberOfTrialsThrough() throws InterruptedException {
        Breakers breakers = new Breakers(new LiveStats(), Clock.systemUTC());
        for (int i = 0; i < 4; i++) {
            breakers.record("p/m", QUICK, Outcome.FAILURE, 10);
        }
        assertThat(breakers.state("p/m")).isEqualTo(CircuitState.OPEN);
        // No call, no tick: the state changes on its own timer (what a gateway-only relay relies on).
        for (int i = 0; i < 200 && breakers.state("p/m") != CircuitState.HALF_OPEN; i++) {
            Thread.sleep(25);
        }
        assertThat(breakers.state("p/m")).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(breakers.tryAcquire("p/m", QUICK)).isTrue();
        assertThat(breakers.tryAcquire("p/m", QUICK)).isTrue();
        assertThat(breakers.tryAcquire("p/m", QUICK)).as("only two trial calls").isFalse();
        breakers.record("p/m", QUICK, Outcome.SUCCESS, 10);
        breakers.record("p/m", QUICK, Outcome.SUCCESS, 10);
        assertThat(breakers.state("p/m")).isEqualTo(CircuitState.CLOSED);
        assertThat(breakers.tryAcquire("p/m", QUICK)).isTrue();
    }

    @Test
    void aTrialPermitGivenBackLetsTheNextCallerTry() throws InterruptedException {
        Resilience oneTrial = new Resilience(1000, 0, new BigDecimal("0.5"), 4, 200, 10_000, 1);
        Breakers breakers = new Breakers(new LiveStats(), Clock.systemUTC());
        for (int i = 0; i < 4; i++) {
            breakers.record("p/m", oneTrial, Outcome.FAILURE, 10);
        }
        for (int i = 0; i < 200 && breakers.state("p/m") != CircuitState.HALF_OPEN; i++) {
            Thread.sleep(25);
        }
        assertThat(breakers.tryAcquire("p/m", oneTrial)).isTrue();
        assertThat(breakers.tryAcquire("p/m", oneTrial)).isFalse();
        breakers.record("p/m", oneTrial, Outcome.NEUTRAL, 10); // the client left: no verdict on the deployment
        assertThat(breakers.state("p/m")).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(breakers.tryAcquire("p/m", oneTrial)).isTrue();
    }

    @Test
    void anOldErrorRateFadesWithoutTraffic() {
        MutableClock clock = new MutableClock();
        // A ratio of 1.0 keeps the breaker closed at 4 failures in 6, so only the reported error rate is at stake.
        Resilience window = new Resilience(1000, 0, new BigDecimal("1.0"), 4, 200, 5_000, 1);
        Breakers breakers = new Breakers(new LiveStats(), clock);
        for (int i = 0; i < 6; i++) {
            breakers.record("p/m", window, i < 2 ? Outcome.SUCCESS : Outcome.FAILURE, 10);
        }
        assertThat(breakers.health("p/m").errorRatePermille()).isEqualTo(666);
        clock.advance(6_000);
        assertThat(breakers.health("p/m").errorRatePermille()).as("failures older than the window").isZero();
        assertThat(breakers.health("p/m").circuit()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void belowTheMinimumOfCallsNoErrorRateIsReportedSoTheDeploymentKeepsItsPlace() {
        Breakers breakers = new Breakers(new LiveStats(), Clock.systemUTC());
        breakers.record("p/m", QUICK, Outcome.FAILURE, 10);
        breakers.record("p/m", QUICK, Outcome.FAILURE, 10);
        assertThat(breakers.health("p/m").errorRatePermille()).as("two calls of the four the breaker needs").isZero();
        breakers.record("p/m", QUICK, Outcome.FAILURE, 10);
        breakers.record("p/m", QUICK, Outcome.FAILURE, 10);
        assertThat(breakers.health("p/m").circuit()).isEqualTo(CircuitState.OPEN);
        assertThat(breakers.health("p/m").errorRatePermille()).isEqualTo(1000);
    }

    @Test
    void routingSeesLatencyFromTheSameCalls() {
        Breakers breakers = new Breakers(new LiveStats(), Clock.systemUTC());
        breakers.record("p/m", QUICK, Outcome.SUCCESS, 1500);
        assertThat(breakers.health("p/m").ewmaLatencyMicros()).isEqualTo(1500);
        assertThat(breakers.snapshot()).containsKey("p/m");
        assertThat(breakers.health("other/m")).isEqualTo(new dev.modelgate.policy.routing.DeploymentHealth(0, 0, CircuitState.CLOSED));
    }
}
