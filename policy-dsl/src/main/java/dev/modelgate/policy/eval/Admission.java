package dev.modelgate.policy.eval;

import dev.modelgate.policy.limits.AdmissionTicket;
import dev.modelgate.policy.limits.Permit;
import dev.modelgate.policy.limits.RateCounters;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
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
        end(actualTokens, h -> h.settleAsync(actualCostMicros));
    }

    /** No provider served the request: give back the tokens and the budget reservations. */
    public void release() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        end(0, BudgetHold::releaseAsync);
    }

    /**
     * Starts every ending step, then waits for all of them: with shared state in Redis they go out together, one
     * pipelined round trip instead of one per step. The token correction is best effort (shared counters may be
     * unreachable when a request ends, and a missed correction only leaves the estimate in a one-minute window);
     * the permits are freed whatever happens to the budgets; a budget's failure is the caller's to see.
     */
    private void end(long actualTokens, Function<BudgetHold, CompletionStage<?>> budgetStep) {
        List<CompletableFuture<?>> steps = new ArrayList<>(1 + holds.size() + permits.size());
        RuntimeException failed = null;
        if (ticket != null) {
            try {
                steps.add(counters.adjustAsync(ticket, actualTokens, clock.millis()).toCompletableFuture().exceptionally(e -> null));
            } catch (RuntimeException e) {
                // the window keeps the estimate until it slides out
            }
        }
        List<CompletableFuture<?>> budgets = new ArrayList<>(holds.size());
        for (BudgetHold h : holds) {
            try {
                budgets.add(budgetStep.apply(h).toCompletableFuture());
            } catch (RuntimeException e) {
                failed = failed == null ? e : failed;
            }
        }
        for (Permit p : permits) {
            try {
                steps.add(p.closeAsync().toCompletableFuture().exceptionally(e -> null));
            } catch (RuntimeException e) {
                // a slot not freed now is freed by its lease
            }
        }
        steps.forEach(CompletableFuture::join);
        for (CompletableFuture<?> b : budgets) {
            try {
                b.join();
            } catch (CompletionException e) {
                failed = failed != null ? failed : e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** One budget reservation, bound to its ledger. */
    public interface BudgetHold {
        void settle(long actualMicros);

        void release();

        /** {@link #settle} without waiting for it; by default, done when it returns. */
        default CompletionStage<?> settleAsync(long actualMicros) {
            settle(actualMicros);
            return CompletableFuture.completedFuture(null);
        }

        /** {@link #release} without waiting for it; by default, done when it returns. */
        default CompletionStage<?> releaseAsync() {
            release();
            return CompletableFuture.completedFuture(null);
        }
    }
}
