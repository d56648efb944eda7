package dev.modelgate.policy.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class InProcessBudgetLedgerTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant NOW = Instant.parse("2025-03-15T10:00:00Z");
    private final InProcessBudgetLedger ledger = new InProcessBudgetLedger();

    private ReserveResult reserve(String key, long limit, long estimate, Instant now) {
        return ledger.reserve(key, limit, BudgetPeriod.MONTHLY, BERLIN, estimate, now);
    }

    private BudgetStatus status(String key, long limit, Instant now) {
        return ledger.status(key, limit, BudgetPeriod.MONTHLY, BERLIN, now);
    }

    @Test
    void admitsWhileSpentPlusReservedPlusEstimateFitsTheLimit() {
        ReserveResult a = reserve("team:a", 1_000, 600, NOW);
        ReserveResult b = reserve("team:a", 1_000, 400, NOW); // exactly reaches the limit
        ReserveResult c = reserve("team:a", 1_000, 1, NOW);
        assertThat(a.granted()).isTrue();
        assertThat(b.granted()).isTrue();
        assertThat(c).isInstanceOf(BudgetDenial.class);
        BudgetDenial denial = (BudgetDenial) c;
        assertThat(denial.remainingMicros()).isZero();
        assertThat(denial.requestedMicros()).isEqualTo(1);
        assertThat(denial.window().end()).isEqualTo(Instant.parse("2025-03-31T22:00:00Z"));
        assertThat(status("team:a", 1_000, NOW)).isEqualTo(new BudgetStatus("team:a", denial.window(), 1_000, 0, 1_000, 0));
    }

    @Test
    void denialReportsWhatIsLeft() {
        reserve("k", 1_000, 700, NOW);
        BudgetDenial denial = (BudgetDenial) reserve("k", 1_000, 301, NOW);
        assertThat(denial.remainingMicros()).isEqualTo(300);
        assertThat(reserve("k", 1_000, 300, NOW).granted()).isTrue();
    }

    @Test
    void settleReplacesTheReservationWithTheRealCostEvenAboveTheEstimate() {
        Reservation r = (Reservation) reserve("k", 1_000, 100, NOW);
        assertThat(ledger.settle(r, 250)).isTrue();
        BudgetStatus s = status("k", 1_000, NOW);
        assertThat(s.spentMicros()).isEqualTo(250);
        assertThat(s.reservedMicros()).isZero();
        assertThat(s.remainingMicros()).isEqualTo(750);
    }

    @Test
    void releaseReturnsTheReservation() {
        Reservation r = (Reservation) reserve("k", 1_000, 1_000, NOW);
        assertThat(ledger.release(r)).isTrue();
        assertThat(status("k", 1_000, NOW).remainingMicros()).isEqualTo(1_000);
        assertThat(reserve("k", 1_000, 1_000, NOW).granted()).isTrue();
    }

    @Test
    void settleAndReleaseAreIdempotent() {
        Reservation r = (Reservation) reserve("k", 1_000, 100, NOW);
        assertThat(ledger.settle(r, 80)).isTrue();
        assertThat(ledger.settle(r, 80)).isFalse();
        assertThat(ledger.settle(r, 500)).isFalse();
        assertThat(ledger.release(r)).isFalse();
        Reservation q = (Reservation) reserve("k", 1_000, 100, NOW);
        assertThat(ledger.release(q)).isTrue();
        assertThat(ledger.release(q)).isFalse();
        assertThat(ledger.settle(q, 100)).isFalse();
        BudgetStatus s = status("k", 1_000, NOW);
        assertThat(s.spentMicros()).isEqualTo(80);
        assertThat(s.reservedMicros()).isZero();
    }

    @Test
    void aForgedCopyCannotReleaseMoreThanWasReserved() {
        Reservation r = (Reservation) reserve("k", 1_000, 100, NOW);
        reserve("k", 1_000, 200, NOW);
        Reservation inflated = new Reservation(r.id(), r.budgetKey(), r.window(), 300);
        assertThat(ledger.release(inflated)).isTrue();
        assertThat(status("k", 1_000, NOW).reservedMicros()).isEqualTo(200);
    }

    @Test
    void reservationFromAPastWindowSettlesIntoThatWindow() {
        Instant lastMinuteOfMarch = Instant.parse("2025-03-31T21:59:00Z"); // 23:59 CEST
        Reservation r = (Reservation) reserve("k", 1_000, 300, lastMinuteOfMarch);
        Instant april = Instant.parse("2025-03-31T22:00:00Z");
        // the new month starts empty: the March reservation does not block April
        assertThat(status("k", 1_000, april).reservedMicros()).isZero();
        assertThat(reserve("k", 1_000, 1_000, april).granted()).isTrue();
        assertThat(ledger.settle(r, 350)).isTrue();
        assertThat(status("k", 1_000, april).spentMicros()).isZero();
        assertThat(status("k", 1_000, lastMinuteOfMarch))
                .extracting(BudgetStatus::spentMicros, BudgetStatus::reservedMicros).containsExactly(350L, 0L);
    }

    @Test
    void budgetsAreIndependentPerKey() {
        reserve("team:a", 100, 100, NOW);
        assertThat(reserve("team:b", 100, 100, NOW).granted()).isTrue();
        assertThat(reserve("key:x", 100, 100, NOW).granted()).isTrue();
        assertThat(reserve("team:a", 100, 1, NOW).granted()).isFalse();
    }

    @Test
    void snapshotSetsSpentAndKeepsReservationsInFlight() {
        Reservation r = (Reservation) reserve("k", 10_000, 500, NOW);
        ReserveResult settled = reserve("k", 10_000, 100, NOW);
        ledger.settle((Reservation) settled, 100);
        ledger.applySnapshot("k", r.window(), 7_000);
        assertThat(status("k", 10_000, NOW))
                .extracting(BudgetStatus::spentMicros, BudgetStatus::reservedMicros, BudgetStatus::remainingMicros)
                .containsExactly(7_000L, 500L, 2_500L);
        assertThat(reserve("k", 10_000, 2_501, NOW).granted()).isFalse();
        assertThat(ledger.settle(r, 600)).isTrue();
        assertThat(status("k", 10_000, NOW).spentMicros()).isEqualTo(7_600);
        // a snapshot may also lower the spend (credit, correction by the settlement service)
        ledger.applySnapshot("k", r.window(), 0);
        assertThat(status("k", 10_000, NOW).remainingMicros()).isEqualTo(10_000);
    }

    @Test
    void overrunShowsInSpentWhileRemainingStaysAtZero() {
        Reservation r = (Reservation) reserve("k", 1_000, 900, NOW);
        ledger.settle(r, 1_500);
        BudgetStatus s = status("k", 1_000, NOW);
        assertThat(s.spentMicros()).isEqualTo(1_500);
        assertThat(s.remainingMicros()).isZero();
        assertThat(reserve("k", 1_000, 0, NOW).granted()).isFalse();
    }

    @Test
    void statusOfAnUntouchedBudgetIsFull() {
        BudgetStatus s = status("nobody", 5_000, NOW);
        assertThat(s.remainingMicros()).isEqualTo(5_000);
        assertThat(s.window()).isEqualTo(BudgetPeriod.MONTHLY.windowFor(NOW, BERLIN));
        assertThat(ledger.trackedBalances()).isZero();
    }

    @Test
    void endedWindowsAreEvictedOnceNothingIsOutstandingOrAfterTheAbandonGrace() {
        InProcessBudgetLedger l = new InProcessBudgetLedger(Duration.ofHours(1), Duration.ofDays(365));
        Instant march = Instant.parse("2025-03-10T10:00:00Z");
        Reservation open = (Reservation) l.reserve("a", 100, BudgetPeriod.DAILY, BERLIN, 10, march);
        Reservation done = (Reservation) l.reserve("b", 100, BudgetPeriod.DAILY, BERLIN, 10, march);
        l.settle(done, 10);
        l.reserve("c", 100, BudgetPeriod.MONTHLY, BERLIN, 10, march);
        assertThat(l.trackedBalances()).isEqualTo(3);

        Instant dayEnd = open.window().end();
        assertThat(l.evictExpired(dayEnd.minusMillis(1))).isZero();
        assertThat(l.evictExpired(dayEnd)).isEqualTo(1); // "b": ended, nothing outstanding
        assertThat(l.evictExpired(dayEnd.plus(Duration.ofMinutes(59)))).isZero();
        // "a" still settles into its window within the grace
        assertThat(l.settle(open, 10)).isTrue();
        Reservation abandoned = (Reservation) l.reserve("a", 100, BudgetPeriod.DAILY, BERLIN, 10, dayEnd.minusSeconds(1));
        assertThat(l.evictExpired(dayEnd.plus(Duration.ofHours(1)))).isEqualTo(1); // "a", abandoned reservation and all
        assertThat(l.settle(abandoned, 10)).isFalse();
        assertThat(l.trackedBalances()).isEqualTo(1); // the monthly "c" is still current
    }

    @Test
    void reservingSweepsExpiredWindowsInline() {
        InProcessBudgetLedger l = new InProcessBudgetLedger(Duration.ZERO, Duration.ofMinutes(1));
        Instant day1 = Instant.parse("2025-03-10T10:00:00Z");
        for (int i = 0; i < 100; i++) l.reserve("key:" + i, 100, BudgetPeriod.DAILY, BERLIN, 1, day1);
        assertThat(l.trackedBalances()).isEqualTo(100);
        l.reserve("other", 100, BudgetPeriod.DAILY, BERLIN, 1, day1.plus(Duration.ofDays(1)));
        assertThat(l.trackedBalances()).isEqualTo(1);
    }

    @Test
    void addedSpendCountsAtOnceAndLeavesOnlyTheRestToReserve() {
        Reservation inFlight = (Reservation) reserve("k", 1_000, 100, NOW);
        assertThat(ledger.addSpent("k", BudgetPeriod.MONTHLY, BERLIN, 600, NOW.minusSeconds(3_600), NOW)).isTrue();
        assertThat(status("k", 1_000, NOW))
                .extracting(BudgetStatus::spentMicros, BudgetStatus::reservedMicros, BudgetStatus::remainingMicros)
                .containsExactly(600L, 100L, 300L);
        assertThat(reserve("k", 1_000, 301, NOW).granted()).isFalse();
        assertThat(ledger.settle(inFlight, 100)).isTrue();
        assertThat(status("k", 1_000, NOW).spentMicros()).as("the settlement comes on top of the added spend").isEqualTo(700);
        // spend added past the limit is still counted: it happened; the budget only stops new reservations
        assertThat(ledger.addSpent("k", BudgetPeriod.MONTHLY, BERLIN, 900, NOW, NOW)).isTrue();
        assertThat(status("k", 1_000, NOW))
                .extracting(BudgetStatus::spentMicros, BudgetStatus::remainingMicros).containsExactly(1_600L, 0L);
        assertThat(reserve("k", 1_000, 0, NOW).granted()).isFalse();
    }

    @Test
    void addedSpendFromAnEndedPeriodNeverCountsTowardTheCurrentOne() {
        Instant february = Instant.parse("2025-02-20T12:00:00Z");
        assertThat(ledger.addSpent("k", BudgetPeriod.MONTHLY, BERLIN, 500, february, NOW)).isFalse();
        assertThat(status("k", 1_000, NOW).spentMicros()).isZero();
        assertThat(ledger.trackedBalances()).as("no balance kept for a month that is over").isZero();

        // March's last minute in Berlin, while a March request is still in flight early in April (within the
        // abandon grace): that window is still tracked, so late March spend lands there, and April stays whole.
        Instant lastMinuteOfMarch = Instant.parse("2025-03-31T21:59:00Z");
        Instant april = Instant.parse("2025-03-31T22:30:00Z");
        Reservation march = (Reservation) reserve("k", 1_000, 100, lastMinuteOfMarch);
        assertThat(ledger.addSpent("k", BudgetPeriod.MONTHLY, BERLIN, 250, lastMinuteOfMarch, april)).isTrue();
        assertThat(status("k", 1_000, lastMinuteOfMarch))
                .extracting(BudgetStatus::spentMicros, BudgetStatus::reservedMicros).containsExactly(250L, 100L);
        assertThat(status("k", 1_000, april).spentMicros()).isZero();
        assertThat(reserve("k", 1_000, 1_000, april).granted()).isTrue();
        assertThat(ledger.settle(march, 100)).isTrue();
    }

    @Test
    void addedSpendGoesToThePeriodOfItsTimeInTheBudgetsZone() {
        Instant marchInBerlin = Instant.parse("2025-03-31T21:58:00Z"); // 23:58 CEST
        Instant aprilInBerlin = Instant.parse("2025-03-31T22:01:00Z"); // 00:01 CEST, still March in UTC
        // an event stamped a few minutes ahead of this host's clock: it belongs to April, not to March
        assertThat(ledger.addSpent("k", BudgetPeriod.MONTHLY, BERLIN, 400, aprilInBerlin, marchInBerlin)).isTrue();
        assertThat(status("k", 1_000, marchInBerlin).spentMicros()).isZero();
        assertThat(status("k", 1_000, aprilInBerlin).spentMicros()).isEqualTo(400);
        ZoneId utc = ZoneId.of("UTC");
        assertThat(ledger.addSpent("u", BudgetPeriod.MONTHLY, utc, 400, aprilInBerlin, marchInBerlin)).isTrue();
        assertThat(ledger.status("u", 1_000, BudgetPeriod.MONTHLY, utc, marchInBerlin).spentMicros())
                .as("in UTC the same instant is still March").isEqualTo(400);
    }

    @Test
    void addedSpendSaturatesInsteadOfWrappingAround() {
        ledger.addSpent("k", BudgetPeriod.MONTHLY, BERLIN, Long.MAX_VALUE - 10, NOW, NOW);
        ledger.addSpent("k", BudgetPeriod.MONTHLY, BERLIN, 100, NOW, NOW);
        assertThat(status("k", 1_000, NOW).spentMicros()).isEqualTo(Long.MAX_VALUE);
        assertThat(reserve("k", 1_000, 0, NOW).granted()).isFalse();
    }

    @Test
    void rejectsNegativeAmounts() {
        assertThatThrownBy(() -> reserve("k", 100, -1, NOW)).isInstanceOf(IllegalArgumentException.class);
        Reservation r = (Reservation) reserve("k", 100, 1, NOW);
        assertThatThrownBy(() -> ledger.settle(r, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ledger.applySnapshot("k", r.window(), -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ledger.addSpent("k", BudgetPeriod.MONTHLY, BERLIN, -1, NOW, NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
