package dev.modelgate.edge;

import dev.modelgate.edge.budget.RelayEnforcedBudgets;
import dev.modelgate.edge.health.RelayHealthPoller;
import dev.modelgate.edge.limits.RedisRateCounters;
import dev.modelgate.edge.policy.PolicyWatcher;
import dev.modelgate.policy.eval.PolicyEvaluator;
import dev.modelgate.policy.limits.InProcessConcurrencyLimiter;
import dev.modelgate.policy.limits.InProcessRateCounters;
import dev.modelgate.policy.limits.RateCounters;
import dev.modelgate.policy.load.EnvInterpolator;
import dev.modelgate.policy.routing.LiveStats;
import dev.modelgate.policy.tokens.TokenEstimator;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/**
 * Everything a gateway host runs besides its protocol: the policy watcher, the relay's health feed, the
 * rate counters (Redis when configured, with this node's counters as the fail-open fallback) and the
 * {@link EdgeGate} on top. One per process; closing it stops its background threads.
 */
public final class EdgeRuntime implements AutoCloseable {

    private final PolicyWatcher policies;
    private final RelayHealthPoller health;
    private final RedisRateCounters redis;
    private final EdgeGate gate;

    public EdgeRuntime(EdgeOptions options) {
        Clock clock = Clock.systemUTC();
        LiveStats stats = new LiveStats();
        this.policies = new PolicyWatcher(EnvInterpolator.system(), options.policyPoll());
        this.health = options.relayUrl() == null ? null
                : new RelayHealthPoller(URI.create(options.relayUrl()), options.relayApiKey(), stats, options.healthPoll());
        this.redis = options.redisUrl() == null ? null
                : new RedisRateCounters(options.redisUrl(), options.redisTimeout(), Duration.ofSeconds(1), clock);
        PolicyEvaluator local = evaluator(new InProcessRateCounters(), stats, clock);
        PolicyEvaluator shared = redis == null ? local : evaluator(redis, stats, clock);
        this.gate = new EdgeGate(policies, shared, local, options.hmacKeys(), options.hostRewritesBody(), new RequestIds(), clock);
    }

    public EdgeGate gate() {
        return gate;
    }

    private static PolicyEvaluator evaluator(RateCounters counters, LiveStats stats, Clock clock) {
        return new PolicyEvaluator(new TokenEstimator(), counters, new InProcessConcurrencyLimiter(),
                new RelayEnforcedBudgets(), stats, clock);
    }

    @Override
    public void close() {
        policies.close();
        if (health != null) {
            health.close();
        }
        if (redis != null) {
            redis.close();
        }
    }
}
