package dev.modelgate.edge;

import dev.modelgate.policy.decision.RequestIds;
import dev.modelgate.edge.budget.RelayEnforcedBudgets;
import dev.modelgate.edge.budget.BudgetSnapshots;
import dev.modelgate.edge.health.HealthFeed;
import dev.modelgate.edge.metrics.EdgeMetrics;
import dev.modelgate.edge.metrics.MetricsEndpoint;
import dev.modelgate.edge.relay.RelayFeed;
import dev.modelgate.policy.budget.InProcessBudgetLedger;
import dev.modelgate.policy.eval.Budgets;
import dev.modelgate.policy.eval.LedgerBudgets;
import dev.modelgate.shared.limits.RedisRateCounters;
import dev.modelgate.edge.policy.PolicyWatcher;
import dev.modelgate.policy.eval.PolicyEvaluator;
import dev.modelgate.policy.limits.InProcessConcurrencyLimiter;
import dev.modelgate.policy.limits.InProcessRateCounters;
import dev.modelgate.policy.limits.RateCounters;
import dev.modelgate.policy.load.EnvInterpolator;
import dev.modelgate.policy.routing.LiveStats;
import dev.modelgate.policy.tokens.TokenEstimator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a gateway host runs besides its protocol: the policy watcher, the relay's health and budget
 * feeds, the rate counters (Redis when configured, with this node's counters as the fail-open fallback) and the
 * {@link EdgeGate} on top. One per process; closing it stops its background threads.
 */
public final class EdgeRuntime implements AutoCloseable {

    private final PolicyWatcher policies;
    private final List<RelayFeed> feeds = new ArrayList<>(2);
    private final RedisRateCounters redis;
    private final EdgeGate gate;
    private final MetricsEndpoint metricsEndpoint;

    public EdgeRuntime(EdgeOptions options) {
        this(options, null);
    }

    /**
     * @param metricsAddress where to serve the node's metrics for Prometheus ({@code host:port},
     *                       {@code MODELGATE_METRICS_ADDRESS}); null or blank serves none
     */
    public EdgeRuntime(EdgeOptions options, String metricsAddress) {
        Clock clock = Clock.systemUTC();
        LiveStats stats = new LiveStats();
        this.policies = new PolicyWatcher(EnvInterpolator.system(), options.policyPoll());
        // Budgets need the relay's settled spend: with its feed a node refuses a spent cap itself; without
        // it every reservation is granted here and the relay alone enforces caps.
        Budgets budgets = new RelayEnforcedBudgets();
        if (options.relayUrl() != null) {
            URI relay = URI.create(options.relayUrl());
            InProcessBudgetLedger ledger = new InProcessBudgetLedger();
            budgets = new LedgerBudgets(ledger);
            feeds.add(new RelayFeed(relay, HealthFeed.PATH, options.relayApiKey(), options.relayPoll(), new HealthFeed(stats)));
            feeds.add(new RelayFeed(relay, BudgetSnapshots.PATH, options.relayApiKey(), options.relayPoll(), new BudgetSnapshots(ledger)));
        }
        this.redis = options.redisUrl() == null ? null
                : new RedisRateCounters(options.redisUrl(), options.redisTimeout(), Duration.ofSeconds(1), clock);
        PolicyEvaluator local = evaluator(new InProcessRateCounters(), budgets, stats, clock);
        PolicyEvaluator shared = redis == null ? local : evaluator(redis, budgets, stats, clock);
        EdgeMetrics metrics = new EdgeMetrics();
        this.gate = new EdgeGate(policies, shared, local, options.hmacKeys(), options.hostRewritesBody(), new RequestIds("mg-"), clock,
                options.headerLimits(), metrics);
        try {
            this.metricsEndpoint = metricsAddress == null || metricsAddress.isBlank() ? null : MetricsEndpoint.start(metrics, metricsAddress);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot serve metrics at " + metricsAddress + ": " + e.getMessage(), e);
        }
    }

    public EdgeGate gate() {
        return gate;
    }

    private static PolicyEvaluator evaluator(RateCounters counters, Budgets budgets, LiveStats stats, Clock clock) {
        return new PolicyEvaluator(new TokenEstimator(), counters, new InProcessConcurrencyLimiter(), budgets, stats, clock);
    }

    /** The port metrics are served on, or -1 when they are not. */
    public int metricsPort() {
        return metricsEndpoint == null ? -1 : metricsEndpoint.port();
    }

    @Override
    public void close() {
        if (metricsEndpoint != null) {
            metricsEndpoint.close();
        }
        policies.close();
        feeds.forEach(RelayFeed::close);
        if (redis != null) {
            redis.close();
        }
    }
}
