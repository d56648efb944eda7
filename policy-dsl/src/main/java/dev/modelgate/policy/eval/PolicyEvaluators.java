package dev.modelgate.policy.eval;

import dev.modelgate.policy.budget.BudgetLedger;
import dev.modelgate.policy.budget.InProcessBudgetLedger;
import dev.modelgate.policy.limits.InProcessConcurrencyLimiter;
import dev.modelgate.policy.limits.InProcessRateCounters;
import dev.modelgate.policy.routing.HealthSource;
import dev.modelgate.policy.tokens.TokenEstimator;

import java.time.Clock;

/** Ready-made evaluators. Cluster-wide counters and budget snapshots are wired by the hosts that have them. */
public final class PolicyEvaluators {

    private PolicyEvaluators() {
    }

    /** Single-node evaluator: in-process counters, concurrency caps and budget ledger. */
    public static PolicyEvaluator inProcess(HealthSource health, Clock clock) {
        return inProcess(health, clock, new InProcessBudgetLedger());
    }

    /** The same on a ledger the host keeps a handle on (to publish budget snapshots from it). */
    public static PolicyEvaluator inProcess(HealthSource health, Clock clock, BudgetLedger ledger) {
        return new PolicyEvaluator(new TokenEstimator(), new InProcessRateCounters(), new InProcessConcurrencyLimiter(),
                new LedgerBudgets(ledger), health, clock);
    }

    /** For explain and tests: nothing spent, nothing in flight, no live statistics. */
    public static PolicyEvaluator fresh() {
        return inProcess(HealthSource.NONE, Clock.systemUTC());
    }
}
