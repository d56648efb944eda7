package dev.modelgate.relay.reports;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

class BurnRateTest {

    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void aQuarterSpentInFiveDaysRunsOutFifteenDaysLater() {
        Instant now = START.plus(5, ChronoUnit.DAYS);
        assertThat(BurnRate.runOut(START, END, now, 2_500_000, 10_000_000)).contains(now.plus(15, ChronoUnit.DAYS));
    }

    @Test
    void aSlowPaceDoesNotRunOutWithinThePeriod() {
        Instant now = START.plus(10, ChronoUnit.DAYS);
        assertThat(BurnRate.runOut(START, END, now, 1_000_000, 10_000_000)).as("would take 100 days").isEmpty();
    }

    @Test
    void nothingSpentNeverRunsOutAndSpentRunsOutNow() {
        Instant now = START.plus(3, ChronoUnit.DAYS);
        assertThat(BurnRate.runOut(START, END, now, 0, 10_000_000)).isEmpty();
        assertThat(BurnRate.runOut(START, END, now, 10_000_000, 10_000_000)).contains(now);
        assertThat(BurnRate.runOut(START, END, now, 12_000_000, 10_000_000)).as("overspent (a soft budget)").contains(now);
        assertThat(BurnRate.runOut(START, END, START, 5, 10_000_000)).as("no time elapsed: no pace yet").isEmpty();
    }

    @Test
    void largeBudgetsDoNotOverflow() {
        Instant now = START.plus(1, ChronoUnit.DAYS);
        long limit = 5_000_000_000_000L; // 5 million USD in micro-USD
        assertThat(BurnRate.runOut(START, END, now, limit / 10, limit)).contains(now.plus(9, ChronoUnit.DAYS));
    }
}
