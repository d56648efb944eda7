package dev.modelgate.policy.eval;

import dev.modelgate.policy.budget.BudgetDenial;
import dev.modelgate.policy.budget.BudgetLedger;
import dev.modelgate.policy.budget.Micros;
import dev.modelgate.policy.budget.Reservation;
import dev.modelgate.policy.budget.ReserveResult;
import dev.modelgate.policy.model.Budget;

import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.CompletionStage;

/** Budgets backed by a {@link BudgetLedger}: the policy's USD caps become micro-USD limits per period. */
public final class LedgerBudgets implements Budgets {

    private final BudgetLedger ledger;

    public LedgerBudgets(BudgetLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public Outcome reserve(String scope, Budget budget, ZoneId zone, long micros, Instant now) {
        ReserveResult result = ledger.reserve(scope, Micros.limitFromUsd(budget.amountUsd()), budget.period(), zone, micros, now);
        if (result instanceof Reservation reservation) {
            return new Outcome(new Hold(ledger, reservation), -1);
        }
        return new Outcome(null, ((BudgetDenial) result).remainingMicros());
    }

    /** The hold of a reservation taken in {@code ledger} by other means (a step that took several holds at once). */
    public static Admission.BudgetHold hold(BudgetLedger ledger, Reservation reservation) {
        return new Hold(ledger, reservation);
    }

    private record Hold(BudgetLedger ledger, Reservation reservation) implements Admission.BudgetHold {
        @Override
        public void settle(long actualMicros) {
            ledger.settle(reservation, actualMicros);
        }

        @Override
        public void release() {
            ledger.release(reservation);
        }

        @Override
        public CompletionStage<?> settleAsync(long actualMicros) {
            return ledger.settleAsync(reservation, actualMicros);
        }

        @Override
        public CompletionStage<?> releaseAsync() {
            return ledger.releaseAsync(reservation);
        }
    }
}
