package dev.modelgate.policy.budget;

import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Spend per budget key and window, with reservations for requests in flight. The limit,
 * period and zone are passed on each call (they come from the current policy), so a
 * policy reload takes effect immediately without migrating ledger state.
 */
public interface BudgetLedger {

    /**
     * Reserves {@code estimatedMicros} in the window of {@code period} containing {@code now}
     * if {@code spent + reserved + estimatedMicros <= limitMicros}.
     */
    ReserveResult reserve(String budgetKey, long limitMicros, BudgetPeriod period, ZoneId zone,
                          long estimatedMicros, Instant now);

    /**
     * Replaces the reservation by the real cost (which may exceed the estimate) in the
     * reservation's own window.
     *
     * @return false if it was already settled or released (idempotent no-op) or is unknown
     */
    boolean settle(Reservation reservation, long actualMicros);

    /**
     * Returns the reserved amount (the request failed before costing anything).
     *
     * @return false if it was already settled or released (idempotent no-op) or is unknown
     */
    boolean release(Reservation reservation);

    /** {@link #settle} without waiting for it (see {@code Permit.closeAsync()}); by default, done when it returns. */
    default CompletionStage<Boolean> settleAsync(Reservation reservation, long actualMicros) {
        return CompletableFuture.completedFuture(settle(reservation, actualMicros));
    }

    /** {@link #release} without waiting for it; by default, done when it returns. */
    default CompletionStage<Boolean> releaseAsync(Reservation reservation) {
        return CompletableFuture.completedFuture(release(reservation));
    }

    /**
     * Sets the spend of a window to what the central settlement service knows; reservations
     * in flight stay counted on top. Settlements this node made after the snapshot was cut
     * are not in it, so they are missing until the next snapshot (an under-count bounded by
     * one snapshot interval of this node's traffic).
     */
    void applySnapshot(String budgetKey, BudgetWindow window, long spentMicros);

    /**
     * Counts spend this ledger never reserved (a request settled elsewhere, reported afterwards) in the window of
     * {@code period} containing {@code occurredAt}, not the one containing {@code now}: spend from a past period
     * must not shrink the current one. A window that has ended by {@code now} decides nothing any more; it is
     * added to only while the ledger still tracks it, and never tracked anew for late spend.
     *
     * @return true if the spend was counted, false if its window has ended and is no longer tracked
     */
    boolean addSpent(String budgetKey, BudgetPeriod period, ZoneId zone, long micros, Instant occurredAt, Instant now);

    BudgetStatus status(String budgetKey, long limitMicros, BudgetPeriod period, ZoneId zone, Instant now);
}
