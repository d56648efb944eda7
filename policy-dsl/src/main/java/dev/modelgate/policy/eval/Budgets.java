package dev.modelgate.policy.eval;

import dev.modelgate.policy.model.Budget;

import java.time.Instant;
import java.time.ZoneId;

/** Budget reservations as the evaluator needs them, whatever ledger keeps the balances. */
public interface Budgets {

    /**
     * Reserves an estimated cost against a budget.
     *
     * @param scope "team:x" or "key:y"
     * @return a hold to settle or release, or a null hold when the budget cannot cover it
     */
    Outcome reserve(String scope, Budget budget, ZoneId zone, long micros, Instant now);

    /** @param hold null when refused; remainingMicros what is left, when refused (-1 when granted: not looked up on the fast path) */
    record Outcome(Admission.BudgetHold hold, long remainingMicros) {
    }
}
