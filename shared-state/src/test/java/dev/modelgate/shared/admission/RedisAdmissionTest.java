package dev.modelgate.shared.admission;

import dev.modelgate.policy.budget.BudgetPeriod;
import dev.modelgate.policy.budget.BudgetStatus;
import dev.modelgate.policy.eval.Caller;
import dev.modelgate.policy.eval.CompiledPolicy;
import dev.modelgate.policy.eval.Decision;
import dev.modelgate.policy.eval.LedgerBudgets;
import dev.modelgate.policy.eval.PolicyEvaluator;
import dev.modelgate.policy.limits.LimitKind;
import dev.modelgate.policy.load.EnvInterpolator;
import dev.modelgate.policy.load.PolicyLoader;
import dev.modelgate.policy.load.PolicySource;
import dev.modelgate.policy.request.Endpoint;
import dev.modelgate.policy.request.ParsedRequest;
import dev.modelgate.policy.request.RequestLimits;
import dev.modelgate.policy.request.RequestParser;
import dev.modelgate.policy.routing.LiveStats;
import dev.modelgate.policy.tokens.TokenEstimator;
import dev.modelgate.shared.budget.RedisBudgetLedger;
import dev.modelgate.shared.limits.RedisConcurrencyLimiter;
import dev.modelgate.shared.limits.RedisRateCounters;
import dev.modelgate.shared.redis.RedisState;
import dev.modelgate.shared.redis.SharedRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-script admission against the real Redis on 127.0.0.1:6379, next to the parts asked one by one on the
 * same Redis: the same decisions, the same refusals, and a refused request holds nothing anywhere.
 */
@Tag("services")
class RedisAdmissionTest {

    static final String URL = System.getenv().getOrDefault("MODELGATE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0");
    static final long SEEDED_SPEND = 1_234;

    final String run = UUID.randomUUID().toString().substring(0, 8);
    SharedRedis redis;
    RedisRateCounters counters;
    RedisConcurrencyLimiter slots;
    RedisBudgetLedger budgets;
    PolicyEvaluator oneStep;
    PolicyEvaluator stepByStep;
    CompiledPolicy policy;

    @BeforeEach
    void setUp() throws Exception {
        redis = new SharedRedis(URL, Duration.ofSeconds(2), Duration.ofMillis(200), Clock.systemUTC(), RedisState.IGNORE);
        counters = new RedisRateCounters(redis);
        slots = new RedisConcurrencyLimiter(redis, Duration.ofMinutes(5), Clock.systemUTC());
        // The ledger "has" some spend in every window: an empty Redis seeds it from there.
        budgets = new RedisBudgetLedger(redis, (scope, window) -> SEEDED_SPEND, Duration.ofMinutes(5), 100);
        oneStep = new PolicyEvaluator(new TokenEstimator(), counters, slots, new LedgerBudgets(budgets), new LiveStats(),
                Clock.systemUTC(), new RedisAdmission(redis, slots, budgets));
        stepByStep = new PolicyEvaluator(new TokenEstimator(), counters, slots, new LedgerBudgets(budgets), new LiveStats(), Clock.systemUTC());
        // Prices: 1,000 USD / 2,000 USD per million tokens, so a request of 100 output tokens holds about 0.2 USD.
        String yaml = """
                version: 1
                providers:
                  sim: { type: simulated, base_url: http://127.0.0.1:9/v1 }
                models:
                  chat:
                    candidates:
                      - { provider: sim, model: sim-chat, price: { input_per_mtok: 1000, output_per_mtok: 2000 } }
                teams:
                  busy-RUN: { consumers: [busy-app-RUN], limits: { max_concurrent: 1 }, budget: { amount_usd: 100, period: monthly } }
                  rated-RUN: { consumers: [rated-app-RUN], limits: { rpm: 2, max_concurrent: 5 }, budget: { amount_usd: 100, period: monthly } }
                  broke-RUN: { consumers: [broke-app-RUN], limits: { rpm: 100, max_concurrent: 5 }, budget: { amount_usd: 0.25, period: monthly } }
                  keyed-RUN:
                    limits: { max_concurrent: 5 }
                    budget: { amount_usd: 100, period: monthly }
                    keys: [{ id: soft-RUN, budget: { amount_usd: 0.01, period: monthly, enforcement: soft } }]
                """.replace("RUN", run);
        policy = CompiledPolicy.of(new PolicyLoader(EnvInterpolator.system())
                .load(List.of(new PolicySource("admission.yaml", yaml.getBytes(StandardCharsets.UTF_8)))));
    }

    @AfterEach
    void close() {
        redis.close();
    }

    static ParsedRequest chat(int maxTokens) throws Exception {
        return new RequestParser(RequestLimits.withMaxBody(1 << 20)).parse(Endpoint.CHAT_COMPLETIONS, "application/json",
                ("{\"model\":\"chat\",\"max_tokens\":" + maxTokens + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                        .getBytes(StandardCharsets.UTF_8));
    }

    Decision decide(PolicyEvaluator evaluator, String team, int maxTokens) throws Exception {
        return evaluator.evaluate(policy, Caller.consumer(team + "-app-" + run), chat(maxTokens));
    }

    BudgetStatus budget(String scope, String usd) {
        return budgets.status(scope, dev.modelgate.policy.budget.Micros.limitFromUsd(new java.math.BigDecimal(usd)),
                BudgetPeriod.MONTHLY, ZoneOffset.UTC, java.time.Instant.now());
    }

    long requestsThisMinute(String team) {
        return counters.usage("team:" + team + "-" + run, LimitKind.REQUESTS, Duration.ofMinutes(1), System.currentTimeMillis());
    }

    @Test
    void anAdmittedRequestHoldsItsSlotAndBudgetUntilItSettles() throws Exception {
        Decision.Admitted admitted = (Decision.Admitted) decide(oneStep, "busy", 100);
        String team = "team:busy-" + run;
        assertThat(slots.inFlight(team)).isEqualTo(1);
        BudgetStatus held = budget(team, "100");
        assertThat(held.spentMicros()).as("seeded from the ledger on first use").isEqualTo(SEEDED_SPEND);
        assertThat(held.reservedMicros()).isEqualTo(admitted.reservedMicros()).isPositive();
        assertThat(admitted.trace().limits()).containsExactly(team + " max_concurrent 1", team + " budget 100 USD monthly (hard)");

        admitted.admission().settle(admitted.inputTokens() + 10, 5_000);
        assertThat(slots.inFlight(team)).isZero();
        BudgetStatus settled = budget(team, "100");
        assertThat(settled.reservedMicros()).isZero();
        assertThat(settled.spentMicros()).isEqualTo(SEEDED_SPEND + 5_000);
    }

    @Test
    void aFullConcurrencyCapRefusesAndTheRefusedRequestHoldsNoBudget() throws Exception {
        Decision.Admitted first = (Decision.Admitted) decide(oneStep, "busy", 100);
        Decision second = decide(oneStep, "busy", 100);
        Decision sameByParts = decide(stepByStep, "busy", 100);
        assertThat(second).isInstanceOf(Decision.Rejected.class);
        assertThat(((Decision.Rejected) second).rejection()).isEqualTo(((Decision.Rejected) sameByParts).rejection());
        assertThat(((Decision.Rejected) second).rejection().code()).isEqualTo("concurrency_limit_exceeded");
        assertThat(budget("team:busy-" + run, "100").reservedMicros()).as("only the first's hold").isEqualTo(first.reservedMicros());
        first.admission().release(); // sent, not waited for
        // The next request of a client that waited for its answer finds the slot free: the release went first on
        // the same connection, so Redis ran it before this admission.
        Decision.Admitted next = (Decision.Admitted) decide(oneStep, "busy", 100);
        assertThat(budget("team:busy-" + run, "100").reservedMicros()).as("only the next one's hold").isEqualTo(next.reservedMicros());
        next.admission().release().toCompletableFuture().join();
        assertThat(slots.inFlight("team:busy-" + run)).isZero();
    }

    @Test
    void aRateLimitRefusesBeforeAnythingIsHeldAndSaysWhenToRetry() throws Exception {
        for (int i = 0; i < 2; i++) {
            ((Decision.Admitted) decide(oneStep, "rated", 10)).admission().release();
        }
        Decision.Rejected third = (Decision.Rejected) decide(oneStep, "rated", 10);
        Decision.Rejected byParts = (Decision.Rejected) decide(stepByStep, "rated", 10);
        assertThat(third.rejection().code()).isEqualTo("rate_limit_exceeded");
        assertThat(third.rejection().message()).isEqualTo(byParts.rejection().message());
        assertThat(third.rejection().retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
        assertThat(requestsThisMinute("rated")).as("refusals are not counted").isEqualTo(2);
        assertThat(slots.inFlight("team:rated-" + run)).isZero();
        assertThat(budget("team:rated-" + run, "100").reservedMicros()).isZero();
    }

    @Test
    void aHardBudgetThatCannotCoverTheRequestRefusesWith402AndNothingIsCounted() throws Exception {
        // 0.25 USD, less 1,234 micro-USD seeded: one request of 100 output tokens (~0.2 USD) fits, a second does not.
        Decision.Admitted first = (Decision.Admitted) decide(oneStep, "broke", 100);
        Decision.Rejected second = (Decision.Rejected) decide(oneStep, "broke", 100);
        // Unlike the steps one by one, which count a request in the rate window before its budget refuses it.
        assertThat(requestsThisMinute("broke")).as("the refused one is not counted in the window").isEqualTo(1);
        Decision.Rejected byParts = (Decision.Rejected) decide(stepByStep, "broke", 100);
        assertThat(second.rejection().status()).isEqualTo(402);
        assertThat(second.rejection().message()).isEqualTo(byParts.rejection().message());
        assertThat(slots.inFlight("team:broke-" + run)).as("only the first").isEqualTo(1);
        first.admission().settle(first.inputTokens(), 1_000);
        assertThat(slots.inFlight("team:broke-" + run)).isZero();
    }

    @Test
    void aSoftBudgetThatCannotCoverIsNotedNotRefusedAndHoldsNothing() throws Exception {
        Decision.Admitted admitted = (Decision.Admitted) oneStep.evaluate(policy, new Caller(null, "soft-" + run, java.util.Map.of()), chat(100));
        assertThat(admitted.trace().notes()).contains("soft budget of key:soft-" + run + " exceeded: request admitted, alert raised");
        assertThat(budget("key:soft-" + run, "0.01").reservedMicros()).isZero();
        assertThat(budget("team:keyed-" + run, "100").reservedMicros()).isEqualTo(admitted.reservedMicros());
        admitted.admission().settle(admitted.inputTokens(), 100);
        assertThat(budget("team:keyed-" + run, "100").spentMicros()).isEqualTo(SEEDED_SPEND + 100);
    }
}
