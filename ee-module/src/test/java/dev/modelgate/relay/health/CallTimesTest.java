package dev.modelgate.relay.health;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallTimesTest {

    @Test
    void percentilesByNearestRank() {
        CallTimes times = new CallTimes(100);
        for (int ms = 100; ms >= 1; ms--) {
            times.served("sim/a", ms * 1000L, 0);
        }
        CallTimes.Timings t = times.of("sim/a");
        assertThat(t.call().p50Ms()).isEqualTo(50.0);
        assertThat(t.call().p95Ms()).isEqualTo(95.0);
        assertThat(t.call().calls()).isEqualTo(100);
        assertThat(t.firstToken().calls()).as("no stream among them").isZero();
        assertThat(t.firstToken().p50Ms()).isEqualTo(-1);
    }

    @Test
    void onlyTheLatestCallsCount() {
        CallTimes times = new CallTimes(10);
        for (int i = 0; i < 10; i++) {
            times.served("sim/a", 500_000, 0);
        }
        for (int i = 0; i < 10; i++) {
            times.served("sim/a", 2_000, 1_000);
        }
        assertThat(times.of("sim/a").call().p95Ms()).as("the slow calls have left the window").isEqualTo(2.0);
        assertThat(times.of("sim/a").firstToken().p50Ms()).isEqualTo(1.0);
        assertThat(times.of("sim/b").call().calls()).as("another deployment").isZero();
    }

    @Test
    void oneCallIsItsOwnPercentiles() {
        assertThat(CallTimes.nearestRank(new long[]{7}, 50)).isEqualTo(7);
        assertThat(CallTimes.nearestRank(new long[]{7}, 95)).isEqualTo(7);
        assertThat(CallTimes.nearestRank(new long[]{1, 2}, 50)).isEqualTo(1);
        assertThat(CallTimes.nearestRank(new long[]{1, 2}, 95)).isEqualTo(2);
    }
}
