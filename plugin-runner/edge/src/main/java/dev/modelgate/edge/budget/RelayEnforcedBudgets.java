package dev.modelgate.edge.budget;

import dev.modelgate.policy.eval.Admission;
import dev.modelgate.policy.eval.Budgets;
import dev.modelgate.policy.model.Budget;

import java.time.Instant;
import java.time.ZoneId;

/**
 * Budgets at the edge: every reservation is granted here. A gateway node never sees a request end, so
 * it cannot settle real costs; a per-node ledger charged with estimates would drift and block teams
 * early. Spend caps are the settlement ledger's job; the edge will refuse early from the ledger's
 * snapshots once the relay publishes them.
 */
public final class RelayEnforcedBudgets implements Budgets {

    private static final Outcome GRANTED = new Outcome(new NoHold(), -1);

    @Override
    public Outcome reserve(String scope, Budget budget, ZoneId zone, long micros, Instant now) {
        return GRANTED;
    }

    private static final class NoHold implements Admission.BudgetHold {
        @Override
        public void settle(long actualMicros) {
        }

        @Override
        public void release() {
        }
    }
}
