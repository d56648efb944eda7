package dev.modelgate.relay.execution;

import dev.modelgate.relay.settlement.Attempt;
import dev.modelgate.relay.settlement.Generation;
import dev.modelgate.relay.settlement.Generations;
import dev.modelgate.policy.budget.Micros;
import dev.modelgate.policy.eval.Decision;
import dev.modelgate.policy.guard.AnswerGuard;
import dev.modelgate.policy.pricing.Pricing;
import dev.modelgate.policy.pricing.Usage;
import dev.modelgate.policy.routing.RouteCandidate;
import dev.modelgate.relay.health.Outcome;
import dev.modelgate.relay.metrics.RelayMetrics;
import dev.modelgate.relay.policy.PolicyService;
import dev.modelgate.relay.settlement.UsageRecord;
import dev.modelgate.relay.settlement.UsageWriter;
import dev.modelgate.relay.tracing.AttemptSpan;
import dev.modelgate.relay.tracing.RequestTrace;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * One relayed request from first attempt to outcome: the attempts made so far, each call's outcome fed to
 * the live statistics and the deployment's breaker, and, when it ends, the generation record, the metrics
 * and one usage event per call that reached a provider.
 */
final class Exchange {

    private final String id;
    private final Decision.Admitted decision;
    private final boolean stream;
    /** To the microsecond: what the ledger keeps, so a generation reads the same from memory and from the ledger. */
    private final Instant created = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private final List<Attempt> attempts = new ArrayList<>();
    private final PolicyService policy;
    private final Generations generations;
    private final RelayMetrics metrics;
    private final UsageWriter ledger;
    /** The max output tokens sent upstream (0: none); an answer longer than this overshot the reservation. */
    private long outputCap;

    /** The prompt counted exactly, asked only when a provider reports no usage (once at most). */
    private final java.util.function.LongSupplier exactInput;
    private long exactInputCount = -1;

    private final RequestTrace trace;
    /** The span of the call in progress, or of the serving call until the answer is settled. */
    private AttemptSpan attemptSpan;
    /** When the latest call started (System.nanoTime), for a stream's whole duration. */
    private long servingStart;

    Exchange(String id, Decision.Admitted decision, boolean stream, PolicyService policy, Generations generations,
             RelayMetrics metrics, UsageWriter ledger, java.util.function.LongSupplier exactInput, RequestTrace trace) {
        this.id = id;
        this.trace = trace;
        this.exactInput = exactInput;
        this.decision = decision;
        this.stream = stream;
        this.policy = policy;
        this.generations = generations;
        this.metrics = metrics;
        this.ledger = ledger;
    }

    /**
     * The request's input tokens for an answer that reports none (embeddings from Gemini, speech, an interrupted
     * stream): counted exactly, since the decision holds the estimate's upper bound, made for reservations.
     */
    long unreportedInputTokens() {
        if (exactInputCount < 0) {
            exactInputCount = exactInput.getAsLong();
        }
        return exactInputCount;
    }

    void capOutput(long tokens) {
        this.outputCap = tokens;
    }

    String id() {
        return id;
    }

    /** The policy's guardrails on this request's answer, or null when none reads it. */
    AnswerGuard answerGuard() {
        return policy.policy().guards().answerGuard(decision.team(), decision.alias());
    }

    Decision.Admitted decision() {
        return decision;
    }

    List<Attempt> attempts() {
        return attempts;
    }

    /** A deployment passed over without a call (no credential, open circuit, no adapter). */
    void skipped(RouteCandidate candidate, String why) {
        attempts.add(new Attempt(candidate.deploymentId(), 0, why, 0));
    }

    /**
     * A call that reached the provider; a failure counts against the deployment, a success for it, and the
     * client's own mistake (a 4xx other than 408/429) neither.
     */
    void called(RouteCandidate candidate, int status, String outcome, long micros, boolean success) {
        if (!success && attemptSpan != null) {
            attemptSpan.fail(errorType(status, outcome));
        }
        attempts.add(new Attempt(candidate.deploymentId(), status, outcome, micros));
        policy.breakers().record(candidate.deploymentId(), candidate.provider().resilience(), Outcome.of(success, status), micros);
    }

    /** A call that ended without fault of the deployment (the client left): recorded, not counted. */
    void ended(RouteCandidate candidate, String outcome, long micros) {
        if (attemptSpan != null) {
            attemptSpan.end();
        }
        attempts.add(new Attempt(candidate.deploymentId(), 200, outcome, micros));
        policy.breakers().record(candidate.deploymentId(), candidate.provider().resilience(), Outcome.NEUTRAL, micros);
    }

    /** A call to this deployment starts: its span, a child of the request's, to make current around the call. */
    AttemptSpan attemptStarted(RouteCandidate candidate) {
        servingStart = System.nanoTime();
        attemptSpan = trace.attempt(candidate.providerId(), candidate.candidate().model(), attempts.size() + 1);
        return attemptSpan;
    }

    /**
     * A failed call's {@code error.type}: kept to a few values (an HTTP status, timeout, ...), since tracing
     * back ends group by it; the full outcome stays in the generation record.
     */
    static String errorType(int status, String outcome) {
        if (outcome.equals(ContextOverflow.OUTCOME)) {
            return "context_length_exceeded";
        }
        if (status == 200) {
            return outcome.startsWith("stream") || outcome.equals(StreamPipe.PROVIDER_CUT) ? "stream_cut" : "unreadable_answer";
        }
        if (status == 0) {
            return outcome.equals("timed out") ? "timeout" : "connection_failed";
        }
        return Integer.toString(status);
    }

    /** What the usage costs at the deployment's price in force today. */
    static long price(RouteCandidate candidate, Usage usage) {
        return Pricing.costMicros(candidate.candidate().priceAt(Instant.now()), usage);
    }

    /** Prices what was used and settles the budget reservation with it. */
    long settle(RouteCandidate candidate, Usage usage) {
        return settle(usage, price(candidate, usage));
    }

    /** Settles the budget reservation with a cost already priced. */
    long settle(Usage usage, long cost) {
        // Not waited for: the answer need not wait for shared budgets (the usage event, written apart, is the record).
        decision.admission().settle(usage.inputTokens() + usage.outputTokens(), cost).whenComplete((v, e) -> {
            if (e != null) {
                SETTLE_LOG.log(System.Logger.Level.WARNING, "budget settlement of request " + id + " failed: " + e.getMessage());
            }
        });
        return cost;
    }

    private static final System.Logger SETTLE_LOG = System.getLogger(Exchange.class.getName());

    /** Every answer says which deployment served it, under which request id. */
    Response.ResponseBuilder servedBy(Response.ResponseBuilder response, RouteCandidate candidate) {
        return response.header("x-modelgate-provider", candidate.providerId())
                .header("x-modelgate-model", candidate.candidate().model())
                .header("x-request-id", id);
    }

    static String usd(long micros) {
        return Micros.toUsd(micros).toPlainString();
    }

    /** Writes the generation record, the metrics and the usage events, once the outcome is known. */
    void done(RouteCandidate served, String outcome, Usage usage, long costMicros) {
        boolean ok = served != null && (outcome.startsWith("ok") || outcome.equals(StreamPipe.CLIENT_LEFT));
        long overshoot = served == null || usage == null || outputCap <= 0 ? 0 : usage.outputTokens() - outputCap;
        if (overshoot > 0) {
            // Billed as used (the provider charges it), but kept visible: the budget reservation did not cover it.
            outcome = outcome + ", " + overshoot + " output tokens over max_tokens " + outputCap;
            metrics.overshoot(decision.team(), decision.alias(), served.providerId(), overshoot);
        }
        traceOutcome(served, ok, outcome, usage, costMicros);
        generations.record(new Generation(id, decision.team(), decision.key(), decision.alias(),
                served == null ? null : served.providerId(), served == null ? null : served.candidate().model(), stream,
                outcome, usage == null ? 0 : usage.inputTokens(), usage == null ? 0 : usage.outputTokens(), costMicros,
                List.copyOf(attempts), created));
        long lastCall = attempts.isEmpty() ? 0 : attempts.get(attempts.size() - 1).latencyMicros();
        // A stream's attempt records its first chunk; its whole call lasts from that attempt's start to now.
        long callMicros = stream && servingStart != 0 ? (System.nanoTime() - servingStart) / 1000 : lastCall;
        if (ok) {
            policy.breakers().served(served.deploymentId(), callMicros, stream ? lastCall : 0);
        }
        metrics.answered(decision.team(), decision.alias(), served == null ? null : served.providerId(), ok,
                usage == null ? 0 : usage.inputTokens(), usage == null ? 0 : usage.outputTokens(), costMicros,
                callMicros, stream ? lastCall : 0, ok && attempts.size() > 1);
        // One usage event per call that reached a provider; the serving call (the last) carries usage and cost.
        for (int i = 0; i < attempts.size(); i++) {
            Attempt a = attempts.get(i);
            if (a.status() == 0 && a.latencyMicros() == 0) {
                continue; // skipped without a call: no credential, open circuit
            }
            boolean serving = served != null && i == attempts.size() - 1;
            Usage u = serving && usage != null ? usage : Usage.tokens(0, 0);
            int slash = a.deployment().indexOf('/');
            ledger.submit(new UsageRecord(id, i + 1, new UsageRecord.Who(decision.team(), decision.key(), decision.alias()),
                    new UsageRecord.Where(slash < 0 ? a.deployment() : a.deployment().substring(0, slash),
                            slash < 0 ? "" : a.deployment().substring(slash + 1)),
                    new UsageRecord.Consumed(u.inputTokens(), u.cachedInputTokens(), u.cacheWrite5mTokens(),
                            u.cacheWrite1hTokens(), u.outputTokens(), u.reasoningTokens(), (int) u.images(), 0),
                    new UsageRecord.Result(a.status(), serving && overshoot > 0 ? outcome : a.outcome(), stream, a.latencyMicros()),
                    serving ? costMicros : 0, created));
        }
    }

    private void traceOutcome(RouteCandidate served, boolean ok, String outcome, Usage usage, long costMicros) {
        if (ok) {
            trace.served(attemptSpan, served.providerId(), served.candidate().model(), usage == null ? 0 : usage.inputTokens(),
                    usage == null ? 0 : usage.outputTokens(), Micros.toUsd(costMicros));
        } else {
            trace.failed(served != null ? "provider_rejected" : outcome.equals(ContextOverflow.OUTCOME)
                    ? "context_length_exceeded" : "all_providers_failed");
        }
        if (attemptSpan != null) {
            attemptSpan.end();
        }
    }
}
