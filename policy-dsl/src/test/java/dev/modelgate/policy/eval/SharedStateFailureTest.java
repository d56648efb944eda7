package dev.modelgate.policy.eval;

import dev.modelgate.policy.budget.BudgetPeriod;
import dev.modelgate.policy.budget.InProcessBudgetLedger;
import dev.modelgate.policy.limits.AdmissionTicket;
import dev.modelgate.policy.limits.InProcessConcurrencyLimiter;
import dev.modelgate.policy.limits.InProcessRateCounters;
import dev.modelgate.policy.limits.LimitCheck;
import dev.modelgate.policy.limits.LimitKind;
import dev.modelgate.policy.limits.RateCounters;
import dev.modelgate.policy.routing.LiveStats;
import dev.modelgate.policy.tokens.TokenEstimator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Shared state (Redis) that stops answering in the middle of a request must not leak what was already taken. */
class SharedStateFailureTest {

    private final EvaluatorFixture f = new EvaluatorFixture();
    private final CompiledPolicy policy = EvaluatorFixture.policy("""
            version: 1
            providers: { a: { type: simulated } }
            models:
              m: { candidates: [ { provider: a, model: x, price: { input_per_mtok: 0, output_per_mtok: 1000 } } ] }
            teams:
              t: { consumers: [app], limits: { max_concurrent: 1, tpm: 100000 }, budget: { amount_usd: 100, period: daily } }
            """);
    private final InProcessConcurrencyLimiter concurrency = new InProcessConcurrencyLimiter();

    @Test
    void aBudgetStoreThatFailsGivesTheConcurrencySlotBack() {
        Budgets down = (scope, budget, zone, micros, now) -> {
            throw new IllegalStateException("budgets unavailable");
        };
        PolicyEvaluator failing = new PolicyEvaluator(new TokenEstimator(), new InProcessRateCounters(), concurrency, down,
                new LiveStats(), f.clock);
        var request = f.chat("m", "hi");
        assertThatThrownBy(() -> failing.evaluate(policy, Caller.consumer("app"), request)).hasMessageContaining("unavailable");
        assertThat(concurrency.inFlight("team:t")).isZero();
    }

    @Test
    void countersThatFailWhenARequestEndsStillLetTheBudgetSettle() {
        InProcessRateCounters working = new InProcessRateCounters();
        RateCounters adjustFails = new RateCounters() {
            @Override
            public dev.modelgate.policy.limits.Admission tryAdmit(List<LimitCheck> checks, long nowMillis) {
                return working.tryAdmit(checks, nowMillis);
            }

            @Override
            public void adjust(AdmissionTicket ticket, long actualTokens, long nowMillis) {
                throw new IllegalStateException("counters unavailable");
            }

            @Override
            public long usage(String key, LimitKind kind, Duration window, long nowMillis) {
                return working.usage(key, kind, window, nowMillis);
            }
        };
        InProcessBudgetLedger ledger = new InProcessBudgetLedger();
        PolicyEvaluator evaluator = new PolicyEvaluator(new TokenEstimator(), adjustFails, concurrency, new LedgerBudgets(ledger),
                new LiveStats(), f.clock);
        Decision decision = evaluator.evaluate(policy, Caller.consumer("app"), f.chat("m", "hi"));
        Decision.Admitted admitted = (Decision.Admitted) decision;
        admitted.admission().settle(50, 42_000);
        assertThat(ledger.status("team:t", 100_000_000, BudgetPeriod.DAILY, ZoneOffset.UTC, f.clock.instant()).spentMicros())
                .isEqualTo(42_000);
        assertThat(concurrency.inFlight("team:t")).isZero();
    }
}
