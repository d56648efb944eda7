package dev.modelgate.policy.eval;

import dev.modelgate.policy.limits.AdmissionTicket;
import dev.modelgate.policy.limits.Permit;
import dev.modelgate.policy.limits.RateCounters;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

    /**
     * The call ended with this real usage: correct the token window and charge the budgets the real cost.
     * Every step is sent before this returns and none is waited for (see {@link #end}); the stage completes when
     * all are done, exceptionally with a budget's failure, for a caller that must know.
     */
    public CompletionStage<Void> settle(long actualTokens, long actualCostMicros) {
        if (!ended.compareAndSet(false, true)) {
            return DONE;
        }
        return end(actualTokens, h -> h.settleAsync(actualCostMicros));
    }

    /** No provider served the request: give back the tokens and the budget reservations, as {@link #settle} does. */
    public CompletionStage<Void> release() {
        if (!ended.compareAndSet(false, true)) {
            return DONE;
        }
        return end(0, BudgetHold::releaseAsync);
    }

    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    /**
     * Starts every ending step and returns without waiting for any. With shared state in Redis they go out together
     * on the one connection, in the order sent: a request the same client sends after reading its answer is
     * admitted after them (its permit is free again), on this relay's connection; another relay's may overtake
     * them by at most a round trip. Not waiting takes the request's second Redis round trip off its answer. The
     * embedded state ends everything before this returns. The token correction is best effort (a missed correction
     * only leaves the estimate in a one-minute window); a permit not freed is freed by its lease; a budget
     * settlement that finds Redis down is queued by its ledger; what still fails completes the stage exceptionally.
     */
    private CompletionStage<Void> end(long actualTokens, Function<BudgetHold, CompletionStage<?>> budgetStep) {
        List<CompletableFuture<?>> steps = new ArrayList<>(1 + holds.size() + permits.size());
        RuntimeException failed = null;
        if (ticket != null) {
            try {
                steps.add(counters.adjustAsync(ticket, actualTokens, clock.millis()).toCompletableFuture().exceptionally(e -> null));
            } catch (RuntimeException e) {
                // the window keeps the estimate until it slides out
            }
        }
        for (BudgetHold h : holds) {
            try {
                steps.add(budgetStep.apply(h).toCompletableFuture());
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
        CompletableFuture<Void> all = CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new));
        if (failed != null) {
            RuntimeException first = failed;
            return all.handle((v, e) -> {
                throw first;
            });
        }
        return all;
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
