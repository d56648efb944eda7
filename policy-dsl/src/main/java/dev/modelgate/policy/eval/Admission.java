package dev.modelgate.policy.eval;

import dev.modelgate.policy.limits.AdmissionTicket;
import dev.modelgate.policy.limits.Permit;
import dev.modelgate.policy.limits.RateCounters;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What an admitted request holds: its place in the rate windows, its concurrency permits and its
 * budget reservations. The host ends it exactly once: {@link #settle} with the real usage when a
 * provider answered, {@link #release} when none did. Both are idempotent, so a retry path or a
 * finally block cannot double-count.
 */
public final class Admission {

    private final RateCounters counters;
    private final AdmissionTicket ticket;
    private final List<Permit> permits;
    private final List<BudgetHold> holds;
    private final Clock clock;
    private final AtomicBoolean ended = new AtomicBoolean();

    Admission(RateCounters counters, AdmissionTicket ticket, List<Permit> permits, List<BudgetHold> holds, Clock clock) {
        this.counters = counters;
        this.ticket = ticket;
        this.permits = permits;
        this.holds = holds;
        this.clock = clock;
    }

    /**
     * An admission that holds nothing here: for a relay executing a gateway node's decision, where the
     * node already reserved limits and budget.
     */
    public static Admission none(Clock clock) {
        return new Admission(null, null, List.of(), List.of(), clock);
    }

    /** The call ended with this real usage: correct the token window and charge the budgets the real cost. */
    public void settle(long actualTokens, long actualCostMicros) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        try {
            adjust(actualTokens);
            holds.forEach(h -> h.settle(actualCostMicros));
        } finally {
            permits.forEach(Permit::close);
        }
    }

    /** No provider served the request: give back the tokens and the budget reservations. */
    public void release() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        try {
            adjust(0);
            holds.forEach(BudgetHold::release);
        } finally {
            permits.forEach(Permit::close);
        }
    }

    /**
     * Corrects the token window, best effort: shared counters may be unreachable when a request ends, and the
     * budget must be settled all the same (a missed correction only leaves the estimate in a one-minute window).
     */
    private void adjust(long actualTokens) {
        if (ticket == null) {
            return;
        }
        try {
            counters.adjust(ticket, actualTokens, clock.millis());
        } catch (RuntimeException e) {
            // the window keeps the estimate until it slides out
        }
    }

    /** One budget reservation, bound to its ledger. */
    public interface BudgetHold {
        void settle(long actualMicros);

        void release();
    }
}
