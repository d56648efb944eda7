package dev.modelgate.runner.apisix;

import dev.modelgate.edge.EdgeGate;
import dev.modelgate.edge.RequestIds;
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
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/** Wires the host-neutral edge logic for this runner. */
@Configuration
public class EdgeConfiguration {

    @Bean(destroyMethod = "close")
    PolicyWatcher policyWatcher(RunnerSettings settings) {
        return new PolicyWatcher(EnvInterpolator.system(), settings.policyPoll());
    }

    @Bean
    LiveStats liveStats() {
        return new LiveStats();
    }

    /** Lowest-latency routing and failing-deployment demotion at the edge need the relay's figures. */
    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${modelgate.relay.url:}' != ''")
    RelayHealthPoller relayHealth(RunnerSettings settings, LiveStats stats) {
        return new RelayHealthPoller(URI.create(settings.relayUrl()), settings.relayApiKey(), stats, settings.healthPoll());
    }

    /** Limits that hold across several gateway nodes; without Redis each node counts alone. */
    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${modelgate.redis.url:}' != ''")
    RedisRateCounters redisCounters(RunnerSettings settings) {
        return new RedisRateCounters(settings.redisUrl(), settings.redisTimeout(), Duration.ofSeconds(1), Clock.systemUTC());
    }

    @Bean
    EdgeGate edgeGate(RunnerSettings settings, PolicyWatcher policies, LiveStats stats, ObjectProvider<RedisRateCounters> redis) {
        PolicyEvaluator local = evaluator(new InProcessRateCounters(), stats);
        RedisRateCounters redisCounters = redis.getIfAvailable();
        PolicyEvaluator shared = redisCounters == null ? local : evaluator(redisCounters, stats);
        return new EdgeGate(policies, shared, local, settings.hmacKeys(), false, new RequestIds(), Clock.systemUTC());
    }

    private static PolicyEvaluator evaluator(RateCounters counters, LiveStats stats) {
        return new PolicyEvaluator(new TokenEstimator(), counters, new InProcessConcurrencyLimiter(),
                new RelayEnforcedBudgets(), stats, Clock.systemUTC());
    }
}
