package dev.modelgate.policy.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class BudgetPeriodTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId UTC = ZoneId.of("UTC");

    private static Instant local(String dateTime, ZoneId zone) {
        return LocalDateTime.parse(dateTime).atZone(zone).toInstant();
    }

    private static Duration length(BudgetWindow w) {
        return Duration.between(w.start(), w.end());
    }

    @Test
    void dailyResetsAtLocalMidnightOfTheBudgetZone() {
        BudgetWindow w = BudgetPeriod.DAILY.windowFor(Instant.parse("2025-06-10T22:30:00Z"), BERLIN);
        // 22:30Z is already 00:30 on June 11 in Berlin (CEST, +2)
        assertThat(w.start()).isEqualTo(Instant.parse("2025-06-10T22:00:00Z"));
        assertThat(w.end()).isEqualTo(Instant.parse("2025-06-11T22:00:00Z"));
        assertThat(BudgetPeriod.DAILY.windowFor(Instant.parse("2025-06-10T22:30:00Z"), UTC).start())
                .isEqualTo(Instant.parse("2025-06-10T00:00:00Z"));
    }

    @Test
    void instantExactlyAtWindowEndBelongsToTheNextWindow() {
        BudgetWindow june = BudgetPeriod.MONTHLY.windowFor(local("2025-06-15T12:00", BERLIN), BERLIN);
        BudgetWindow next = BudgetPeriod.MONTHLY.windowFor(june.end(), BERLIN);
        assertThat(june.contains(june.end())).isFalse();
        assertThat(next.start()).isEqualTo(june.end());
        assertThat(BudgetPeriod.MONTHLY.windowFor(june.end().minusNanos(1), BERLIN)).isEqualTo(june);
    }

    @Test
    void monthlyAcrossMonthEnds() {
        BudgetWindow jan = BudgetPeriod.MONTHLY.windowFor(local("2025-01-31T23:59:59", BERLIN), BERLIN);
        assertThat(jan.start()).isEqualTo(local("2025-01-01T00:00", BERLIN));
        assertThat(jan.end()).isEqualTo(local("2025-02-01T00:00", BERLIN));
        BudgetWindow dec = BudgetPeriod.MONTHLY.windowFor(local("2024-12-31T23:00", NEW_YORK), NEW_YORK);
        assertThat(dec.end()).isEqualTo(local("2025-01-01T00:00", NEW_YORK));
        assertThat(length(BudgetPeriod.MONTHLY.windowFor(local("2025-04-30T10:00", UTC), UTC))).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void leapDay() {
        BudgetWindow feb = BudgetPeriod.MONTHLY.windowFor(local("2024-02-29T12:00", UTC), UTC);
        assertThat(length(feb)).isEqualTo(Duration.ofDays(29));
        assertThat(length(BudgetPeriod.MONTHLY.windowFor(local("2025-02-28T12:00", UTC), UTC))).isEqualTo(Duration.ofDays(28));
        BudgetWindow leapDay = BudgetPeriod.DAILY.windowFor(local("2024-02-29T23:59", BERLIN), BERLIN);
        assertThat(leapDay.start()).isEqualTo(local("2024-02-29T00:00", BERLIN));
        assertThat(leapDay.end()).isEqualTo(local("2024-03-01T00:00", BERLIN));
    }

    @Test
    void weeklyIsIsoMondayToMonday() {
        // Sunday 2024-03-31 belongs to the week starting Monday 2024-03-25
        BudgetWindow w = BudgetPeriod.WEEKLY.windowFor(local("2024-03-31T20:00", BERLIN), BERLIN);
        assertThat(w.start()).isEqualTo(local("2024-03-25T00:00", BERLIN));
        assertThat(w.end()).isEqualTo(local("2024-04-01T00:00", BERLIN));
        // that week contains the spring-forward night: one hour short
        assertThat(length(w)).isEqualTo(Duration.ofDays(7).minusHours(1));
        // a week across the new year
        BudgetWindow newYear = BudgetPeriod.WEEKLY.windowFor(local("2025-01-01T09:00", UTC), UTC);
        assertThat(newYear.start()).isEqualTo(local("2024-12-30T00:00", UTC));
        // Monday 00:00 exactly starts a new week
        assertThat(BudgetPeriod.WEEKLY.windowFor(local("2024-04-01T00:00", BERLIN), BERLIN).start())
                .isEqualTo(local("2024-04-01T00:00", BERLIN));
    }

    @Test
    void dstInBerlin() {
        BudgetWindow spring = BudgetPeriod.DAILY.windowFor(local("2024-03-31T12:00", BERLIN), BERLIN);
        assertThat(spring.start()).isEqualTo(Instant.parse("2024-03-30T23:00:00Z"));
        assertThat(spring.end()).isEqualTo(Instant.parse("2024-03-31T22:00:00Z"));
        assertThat(length(spring)).isEqualTo(Duration.ofHours(23));
        BudgetWindow autumn = BudgetPeriod.DAILY.windowFor(local("2024-10-27T12:00", BERLIN), BERLIN);
        assertThat(length(autumn)).isEqualTo(Duration.ofHours(25));
        BudgetWindow march = BudgetPeriod.MONTHLY.windowFor(local("2024-03-15T12:00", BERLIN), BERLIN);
        assertThat(length(march)).isEqualTo(Duration.ofDays(31).minusHours(1));
    }

    @Test
    void dstInNewYork() {
        BudgetWindow spring = BudgetPeriod.DAILY.windowFor(Instant.parse("2024-03-10T12:00:00Z"), NEW_YORK);
        assertThat(spring.start()).isEqualTo(Instant.parse("2024-03-10T05:00:00Z"));
        assertThat(spring.end()).isEqualTo(Instant.parse("2024-03-11T04:00:00Z"));
        BudgetWindow autumn = BudgetPeriod.DAILY.windowFor(Instant.parse("2024-11-03T12:00:00Z"), NEW_YORK);
        assertThat(length(autumn)).isEqualTo(Duration.ofHours(25));
        // 01:30 happens twice that night; both belong to the same day
        Instant firstOneThirty = Instant.parse("2024-11-03T05:30:00Z");
        Instant secondOneThirty = Instant.parse("2024-11-03T06:30:00Z");
        assertThat(BudgetPeriod.DAILY.windowFor(firstOneThirty, NEW_YORK)).isEqualTo(autumn);
        assertThat(BudgetPeriod.DAILY.windowFor(secondOneThirty, NEW_YORK)).isEqualTo(autumn);
        BudgetWindow november = BudgetPeriod.MONTHLY.windowFor(firstOneThirty, NEW_YORK);
        assertThat(length(november)).isEqualTo(Duration.ofDays(30).plusHours(1));
    }

    @Test
    void dayWhoseMidnightDoesNotExistStartsAtTheFirstValidTime() {
        // Sao Paulo sprang forward at 00:00 on 2018-11-04: that day began at 01:00 local
        ZoneId saoPaulo = ZoneId.of("America/Sao_Paulo");
        BudgetWindow w = BudgetPeriod.DAILY.windowFor(Instant.parse("2018-11-04T15:00:00Z"), saoPaulo);
        assertThat(w.start()).isEqualTo(Instant.parse("2018-11-04T03:00:00Z"));
        assertThat(length(w)).isEqualTo(Duration.ofHours(23));
    }
}
