package dev.modelgate.policy.routing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LiveStatsTest {

    @Test
    void latencyIsAnExponentialMovingAverageSeededByTheFirstSample() {
        LiveStats stats = new LiveStats();
        assertThat(stats.health("p/m")).isEqualTo(DeploymentHealth.UNKNOWN);

        stats.recordCall("p/m", 1000, true);
        assertThat(stats.health("p/m").ewmaLatencyMicros()).isEqualTo(1000);
        stats.recordCall("p/m", 2000, true);
        assertThat(stats.health("p/m").ewmaLatencyMicros()).isEqualTo(1200); // 1000 + 0.2 × 1000
        stats.recordCall("p/m", 200, true);
        assertThat(stats.health("p/m").ewmaLatencyMicros()).isEqualTo(1000); // 1200 + 0.2 × (200 − 1200)
    }

    @Test
    void errorRateRisesWithFailuresAndDecaysWithSuccesses() {
        LiveStats stats = new LiveStats();
        for (int i = 0; i < 10; i++) {
            stats.recordCall("p/m", 100, false);
        }
        int afterFailures = stats.health("p/m").errorRatePermille();
        assertThat(afterFailures).isGreaterThan(850);
        for (int i = 0; i < 10; i++) {
            stats.recordCall("p/m", 100, true);
        }
        assertThat(stats.health("p/m").errorRatePermille()).isLessThan(120);
    }

    @Test
    void circuitStateAndRemoteSnapshotsAreReported() {
        LiveStats stats = new LiveStats();
        stats.recordCircuit("a/x", CircuitState.OPEN);
        stats.replace("b/y", new DeploymentHealth(750, 250, CircuitState.HALF_OPEN));

        assertThat(stats.snapshot()).containsOnlyKeys("a/x", "b/y");
        assertThat(stats.health("a/x").circuit()).isEqualTo(CircuitState.OPEN);
        assertThat(stats.health("b/y")).isEqualTo(new DeploymentHealth(750, 250, CircuitState.HALF_OPEN));
    }
}
