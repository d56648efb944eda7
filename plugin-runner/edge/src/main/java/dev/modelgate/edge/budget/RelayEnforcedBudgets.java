package dev.modelgate.edge.budget;

import dev.modelgate.policy.eval.Admission;
import dev.modelgate.policy.eval.Budgets;
import dev.modelgate.policy.model.Budget;

import java.time.Instant;
import java.time.ZoneId;

/**
 * Budgets at an edge node that does not read the relay's budget feed: every reservation is granted here.
 * A gateway node never sees a request end, so it cannot settle real costs; a per-node ledger charged with
 * estimates alone would drift and block teams early. The relay enforces the caps; with
 * {@code MODELGATE_RELAY_URL} set the node uses {@link BudgetSnapshots} instead and refuses spent caps itself.
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
