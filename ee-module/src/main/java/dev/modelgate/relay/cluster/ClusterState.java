package dev.modelgate.relay.cluster;

import dev.modelgate.relay.metrics.RelayMetrics;
import dev.modelgate.shared.admission.RedisAdmission;
import dev.modelgate.shared.budget.RedisBudgetLedger;
import dev.modelgate.shared.budget.SpendSource;
import dev.modelgate.shared.health.RedisHealthBoard;
import dev.modelgate.shared.limits.RedisConcurrencyLimiter;
import dev.modelgate.shared.limits.RedisRateCounters;
import dev.modelgate.shared.redis.SharedRedis;
import dev.modelgate.shared.replay.RedisReplayGuard;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Whether this relay shares its budgets, limits and replay guard with other relays, and the Redis parts when
 * it does ({@code MODELGATE_REDIS_URL}). Without it, {@link #parts()} is empty and every counter stays in this
 * JVM, as for a single relay. The connection is opened on first use, so a relay starts while Redis is down.
 */
@ApplicationScoped
public class ClusterState {

    private static final Logger LOG = Logger.getLogger(ClusterState.class.getName());

    @Inject
    @ConfigProperty(name = "modelgate.redis.url")
    Optional<String> url;

    @Inject
    @ConfigProperty(name = "modelgate.redis.timeout.millis", defaultValue = "250")
    long timeoutMillis;

    @Inject
    @ConfigProperty(name = "modelgate.redis.backoff.millis", defaultValue = "1000")
    long backoffMillis;

    @Inject
    @ConfigProperty(name = "modelgate.redis.lease.seconds", defaultValue = "600")
    long leaseSeconds;

    @Inject
    @ConfigProperty(name = "modelgate.redis.pending.settlements", defaultValue = "10000")
    int maxPending;

    /** The ledger a budget is rebuilt from when Redis holds nothing for it (settlement provides it). */
    @Inject
    SpendSource ledger;

    @Inject
    RelayMetrics metrics;

    private SharedRedis redis;
    private SharedParts parts;
    private DecisionReplays replays;

    @PostConstruct
    void init() {
        ClusterSettings settings = new ClusterSettings(url.orElse(null), Duration.ofMillis(timeoutMillis),
                Duration.ofMillis(backoffMillis), Duration.ofSeconds(leaseSeconds), maxPending);
        if (!settings.shared()) {
            replays = new DecisionReplays(null);
            return;
        }
        Clock clock = Clock.systemUTC();
        redis = new SharedRedis(settings.redisUrl(), settings.timeout(), settings.backoff(), clock, metrics::sharedState);
        parts = assemble(redis, settings, ledger, clock);
        replays = new DecisionReplays(parts.replays());
        metrics.sharedStateGauge(redis::up);
        // The URL may carry a password: log where, never how.
        LOG.info("budgets, limits and the replay guard are shared through Redis at " + hostOf(settings.redisUrl()));
    }

    /**
     * The four shared parts on one connection, and the admission that takes a request's limits, slots and budget
     * holds from them in one script (also how the cluster tests build their relays).
     */
    public static SharedParts assemble(SharedRedis redis, ClusterSettings settings, SpendSource ledger, Clock clock) {
        RedisConcurrencyLimiter slots = new RedisConcurrencyLimiter(redis, settings.lease(), clock);
        RedisBudgetLedger budgets = new RedisBudgetLedger(redis, ledger, settings.lease(), settings.maxPending());
        return new SharedParts(new RedisRateCounters(redis), slots, budgets, new RedisReplayGuard(redis),
                new RedisAdmission(redis, slots, budgets), new RedisHealthBoard(redis, clock));
    }

    public Optional<SharedParts> parts() {
        return Optional.ofNullable(parts);
    }

    public DecisionReplays replays() {
        return replays;
    }

    static String hostOf(String url) {
        int at = url.lastIndexOf('@');
        int scheme = url.indexOf("://");
        return (scheme < 0 ? "" : url.substring(0, scheme + 3)) + url.substring(at >= 0 ? at + 1 : Math.max(0, scheme + 3));
    }

    @PreDestroy
    void close() {
        if (redis != null) {
            redis.close();
        }
    }
}
