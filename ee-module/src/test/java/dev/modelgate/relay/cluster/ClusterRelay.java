package dev.modelgate.relay.cluster;

import dev.modelgate.policy.budget.BudgetLedger;
import dev.modelgate.policy.budget.BudgetStatus;
import dev.modelgate.policy.budget.Micros;
import dev.modelgate.policy.eval.Caller;
import dev.modelgate.policy.eval.CompiledPolicy;
import dev.modelgate.policy.eval.Decision;
import dev.modelgate.policy.eval.LedgerBudgets;
import dev.modelgate.policy.eval.PolicyEvaluator;
import dev.modelgate.policy.eval.PolicyEvaluators;
import dev.modelgate.policy.budget.InProcessBudgetLedger;
import dev.modelgate.policy.request.ParsedRequest;
import dev.modelgate.policy.routing.LiveStats;
import dev.modelgate.policy.tokens.TokenEstimator;
import dev.modelgate.shared.redis.RedisState;
import dev.modelgate.shared.redis.SharedRedis;
import dev.modelgate.shared.redis.SharedStateUnavailableException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One relay of the cluster test: its own Redis connection and shared parts (assembled as {@link ClusterState}
 * assembles them), its own evaluator (built as the relay's PolicyService builds it), its own replay guard, and its
 * own connections to the PostgreSQL ledger, into which it writes each served request's usage event as the relay's
 * ledger does: keyed by (request id, attempt), so a second write of the same event is no second charge.
 * The provider call is left out: its cost is drawn between half and 110% of the reservation.
 */
final class ClusterRelay implements AutoCloseable {

    enum Outcome { SERVED, REFUSED, UNAVAILABLE }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final SharedRedis redis;
    private final SharedParts parts;
    private final PolicyEvaluator evaluator;
    private final DecisionReplays replays;
    private final DataSource ledger;
    private final CompiledPolicy policy;

    /** A relay sharing state through Redis at {@code redisUrl}. */
    ClusterRelay(String redisUrl, DataSource ledger, CompiledPolicy policy) {
        // A generous command timeout: the CI machine may be loaded, and a timeout here would read as an outage. The
        // outage test cuts connections, which fails at once whatever the timeout.
        this.redis = new SharedRedis(redisUrl, TIMEOUT, Duration.ofMillis(100), Clock.systemUTC(), RedisState.IGNORE);
        ClusterSettings settings = new ClusterSettings(redisUrl, TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(10), 10_000);
        this.parts = ClusterState.assemble(redis, settings, (scope, window) -> spentSince(ledger, scope, window.start()), Clock.systemUTC());
        this.evaluator = new PolicyEvaluator(new TokenEstimator(), parts.counters(), parts.concurrency(), new LedgerBudgets(parts.budgets()),
                new LiveStats(), Clock.systemUTC(), parts.admission());
        this.replays = new DecisionReplays(parts.replays());
        this.ledger = ledger;
        this.policy = policy;
    }

    /** A relay as it was before sharing: everything in its own JVM (the contrast the test shows the bug with). */
    private ClusterRelay(DataSource ledger, CompiledPolicy policy) {
        this.redis = null;
        this.parts = null;
        this.evaluator = PolicyEvaluators.inProcess(new LiveStats(), Clock.systemUTC(), new InProcessBudgetLedger());
        this.replays = new DecisionReplays(null);
        this.ledger = ledger;
        this.policy = policy;
    }

    static ClusterRelay alone(DataSource ledger, CompiledPolicy policy) {
        return new ClusterRelay(ledger, policy);
    }

    DecisionReplays replays() {
        return replays;
    }

    BudgetLedger budgets() {
        return parts.budgets();
    }

    /** Serves one request end to end: decide, "call the provider", write the usage event, settle. */
    Served serve(String requestId, Caller caller, ParsedRequest request) throws SQLException {
        Decision decision;
        try {
            decision = evaluator.evaluate(policy, caller, request);
        } catch (SharedStateUnavailableException e) {
            return new Served(Outcome.UNAVAILABLE, 0, 0);
        }
        if (!(decision instanceof Decision.Admitted admitted)) {
            return new Served(Outcome.REFUSED, 0, 0);
        }
        long reserved = admitted.reservedMicros();
        long cost = reserved / 2 + ThreadLocalRandom.current().nextLong(reserved * 6 / 10 + 1);
        record(requestId, admitted.team(), cost);
        // As the relay does: the ending steps are sent, not waited for.
        ends.add(admitted.admission().settle(admitted.inputTokens() + 10, cost).toCompletableFuture());
        return new Served(Outcome.SERVED, reserved, cost);
    }

    /**
     * Waits until every ending step this relay sent is done. Another relay's connection may read Redis before
     * they land (by at most a round trip); a test reading across relays waits for them first.
     */
    void awaitEnds() {
        for (CompletableFuture<?> end; (end = ends.poll()) != null; ) {
            end.exceptionally(e -> null).join();
        }
    }

    private final Queue<CompletableFuture<?>> ends = new ConcurrentLinkedQueue<>();

    record Served(Outcome outcome, long reservedMicros, long costMicros) {
    }

    /** The ledger's write: one row per (request id, attempt), a repeated write is ignored. @return true if new */
    boolean record(String requestId, String team, long costMicros) throws SQLException {
        try (Connection c = ledger.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO usage_event (request_id, attempt,"
                + " team, api_key, alias, provider, model, input_tokens, cached_tokens, output_tokens, reasoning_tokens, images,"
                + " audio_millis, latency_micros, status, outcome, streamed, cost_micros, occurred_at, recorded_at)"
                + " VALUES (?, 1, ?, NULL, 'chat', 'sim', 'sim-chat', 10, 0, 10, 0, 0, 0, 1000, 200, 'ok', false, ?, ?, ?)"
                + " ON CONFLICT (request_id, attempt) DO NOTHING")) {
            Timestamp now = Timestamp.from(Instant.now());
            s.setString(1, requestId);
            s.setString(2, team);
            s.setLong(3, costMicros);
            s.setTimestamp(4, now);
            s.setTimestamp(5, now);
            return s.executeUpdate() == 1;
        }
    }

    /** What the relay's LedgerSpend asks of the ledger (UsageRows.spentSince, in SQL). */
    static long spentSince(DataSource ledger, String scope, Instant since) {
        if (!scope.startsWith("team:")) {
            throw new IllegalArgumentException(scope);
        }
        try (Connection c = ledger.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT coalesce(sum(cost_micros), 0) FROM usage_event WHERE team = ? AND occurred_at >= ?")) {
            s.setString(1, scope.substring("team:".length()));
            s.setTimestamp(2, Timestamp.from(since));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    BudgetStatus status(String team) {
        var budget = policy.policy().teams().get(team).budget();
        return parts.budgets().status("team:" + team, Micros.limitFromUsd(budget.amountUsd()), budget.period(),
                policy.zone(budget.timezone()), Instant.now());
    }

    @Override
    public void close() {
        if (redis != null) {
            redis.close();
        }
    }
}
