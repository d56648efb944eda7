package dev.modelgate.bench;

import dev.modelgate.policy.budget.InProcessBudgetLedger;
import dev.modelgate.policy.eval.Caller;
import dev.modelgate.policy.eval.CompiledPolicy;
import dev.modelgate.policy.eval.Decision;
import dev.modelgate.policy.eval.LedgerBudgets;
import dev.modelgate.policy.eval.PolicyEvaluator;
import dev.modelgate.policy.limits.InProcessConcurrencyLimiter;
import dev.modelgate.policy.limits.InProcessRateCounters;
import dev.modelgate.policy.load.EnvInterpolator;
import dev.modelgate.policy.load.PolicyLoader;
import dev.modelgate.policy.request.Endpoint;
import dev.modelgate.policy.request.ParsedRequest;
import dev.modelgate.policy.request.RequestLimits;
import dev.modelgate.policy.request.RequestParser;
import dev.modelgate.policy.routing.LiveStats;
import dev.modelgate.policy.tokens.TokenEstimator;
import dev.modelgate.shared.admission.RedisAdmission;
import dev.modelgate.shared.budget.RedisBudgetLedger;
import dev.modelgate.shared.limits.RedisConcurrencyLimiter;
import dev.modelgate.shared.limits.RedisRateCounters;
import dev.modelgate.shared.redis.RedisState;
import dev.modelgate.shared.redis.SharedRedis;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What sharing state through Redis adds to a request: the relay's evaluation (rate windows, concurrency cap,
 * budget reservation) and the end of the request (token correction, budget settle, slot freed), once with the
 * embedded in-process state and once with the Redis parts the relays share (the real Redis at
 * {@code -Dmodelgate.redis=redis://127.0.0.1:6379/0}). Team search of the enterprise policy. Run from the
 * repository root.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class SharedStateBenchmark {

    @Param({"embedded", "redis", "redis-by-part"})
    public String state;

    private CompiledPolicy policy;
    private PolicyEvaluator evaluator;
    private ParsedRequest parsed;
    private SharedRedis redis;
    private final Caller caller = Caller.consumer("search-app");

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path policyDir = Path.of(System.getProperty("modelgate.policy", "sample-configs/policies/enterprise"));
        policy = CompiledPolicy.of(new PolicyLoader(new EnvInterpolator(name -> null)).loadFiles(List.of(policyDir)));
        // Real time as the start (Redis expires budget keys by the real clock), 50 ms per read as in EvaluatorBenchmark.
        Clock clock = new SteppingClock(Instant.now(), 50_000_000L);
        if (state.startsWith("redis")) {
            redis = new SharedRedis(System.getProperty("modelgate.redis", "redis://127.0.0.1:6379/0"), Duration.ofSeconds(2),
                    Duration.ofSeconds(1), Clock.systemUTC(), RedisState.IGNORE);
            // Team search's windows from an earlier run would be ahead of this run's clock: start clean.
            for (String pattern : List.of("{modelgate}:rl:*team:search*", "{modelgate}:cc:*search*", "{modelgate}:budget:*search*")) {
                List<String> keys = redis.call(r -> r.keys(pattern));
                if (!keys.isEmpty()) {
                    redis.call(r -> r.del(keys.toArray(String[]::new)));
                }
            }
            RedisConcurrencyLimiter slots = new RedisConcurrencyLimiter(redis, Duration.ofMinutes(10), clock);
            RedisBudgetLedger budgets = new RedisBudgetLedger(redis, (scope, window) -> 0, Duration.ofMinutes(10), 1000);
            // "redis": the relay's way, every hold in one script; "redis-by-part": one round trip per part, as before.
            evaluator = new PolicyEvaluator(new TokenEstimator(), new RedisRateCounters(redis), slots, new LedgerBudgets(budgets),
                    new LiveStats(), clock, state.equals("redis") ? new RedisAdmission(redis, slots, budgets) : null);
        } else {
            evaluator = new PolicyEvaluator(new TokenEstimator(), new InProcessRateCounters(), new InProcessConcurrencyLimiter(),
                    new LedgerBudgets(new InProcessBudgetLedger()), new LiveStats(), clock);
        }
        parsed = new RequestParser(RequestLimits.defaults()).parse(Endpoint.CHAT_COMPLETIONS, "application/json", Requests.chat(2, ""));
        evaluateAndSettle();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (redis != null) {
            redis.close();
        }
    }

    /** One request's shared-state work: decide, then settle at no cost (the budget is never spent down). */
    @Benchmark
    public Object evaluateAndSettle() {
        Decision decision = evaluator.evaluate(policy, caller, parsed);
        if (decision instanceof Decision.Admitted admitted) {
            admitted.admission().settle(admitted.inputTokens(), 0);
            return decision;
        }
        throw new IllegalStateException("refused during the benchmark: " + decision);
    }
}
