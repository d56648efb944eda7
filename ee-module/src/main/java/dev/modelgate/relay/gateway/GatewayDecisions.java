package dev.modelgate.relay.gateway;

import dev.modelgate.policy.decision.DecisionSigner;
import dev.modelgate.policy.decision.InvalidDecisionException;
import dev.modelgate.policy.decision.PolicyHash;
import dev.modelgate.policy.decision.RoutingDecision;
import dev.modelgate.policy.eval.Admission;
import dev.modelgate.policy.eval.CompiledPolicy;
import dev.modelgate.policy.eval.Decision;
import dev.modelgate.policy.eval.PolicyEvaluator;
import dev.modelgate.policy.eval.Rejection;
import dev.modelgate.policy.model.GuardAction;
import dev.modelgate.policy.guard.GuardOutcome;
import dev.modelgate.policy.pricing.Pricing;
import dev.modelgate.policy.pricing.Usage;
import dev.modelgate.policy.request.ParsedRequest;
import dev.modelgate.policy.routing.DroppedCandidate;
import dev.modelgate.policy.routing.RouteCandidate;
import dev.modelgate.policy.routing.RoutePlan;
import dev.modelgate.relay.cluster.ClusterState;
import dev.modelgate.relay.cluster.Unavailable;
import dev.modelgate.relay.policy.Deployments;
import dev.modelgate.shared.redis.SharedStateUnavailableException;
import dev.modelgate.relay.policy.PolicyService;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gateway mode: turns a gateway node's signed decision into what the relay executes. The signature,
 * expiry, replay and body hash are checked; redaction is carried out here with the same policy code,
 * and refused when this relay does not run the policy the node decided under (APISIX cannot rewrite
 * the body, so the relay is the only place the redaction can happen). Secrets come from
 * {@code modelgate.gateway.hmac.keys} ({@code MODELGATE_GATEWAY_HMAC_KEYS}): {@code id:base64,id:base64}.
 */
@ApplicationScoped
public class GatewayDecisions {

    @Inject
    @ConfigProperty(name = "modelgate.gateway.hmac.keys")
    Optional<String> hmacKeys;

    /** Oldest decision this relay executes, counted from the node's issue time, whatever expiry the node set. */
    @Inject
    @ConfigProperty(name = "modelgate.gateway.decision.max.age.seconds", defaultValue = "30")
    long maxAgeSeconds;

    @Inject
    PolicyService policy;

    @Inject
    ClusterState cluster;

    /** How far a gateway node's clock may run ahead of this relay's (keep both on NTP). */
    private static final long CLOCK_SKEW_SECONDS = 5;

    private final Clock clock = Clock.systemUTC();
    private DecisionSigner signer;

    @PostConstruct
    void init() {
        signer = DecisionSigner.fromSpec(hmacKeys.orElse(""), null).orElse(null);
    }

    public boolean enabled() {
        return signer != null;
    }

    /**
     * A verified decision and the gateway node's request id, which the relay keeps as the generation id.
     *
     * @param overBudget the 402 when this relay's ledger cannot cover the decision's reservation (the
     *                   gateway decided on a budget snapshot that is no longer true); null when admitted
     */
    public record Accepted(String requestId, Decision.Admitted decision, Rejection overBudget) {
    }

    /** Shared state (the replay guard, the budgets) cannot be asked: the decision is not executed. */
    public static final class SharedStateDown extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Rejection rejection;

        SharedStateDown(Rejection rejection) {
            super(rejection.code(), null, false, false);
            this.rejection = rejection;
        }

        public Rejection rejection() {
            return rejection;
        }
    }

    /** A verified decision to execute, or the reason it must not be (a 401-class refusal, or a 503 without shared state). */
    public Accepted accept(String header, byte[] body, ParsedRequest request) throws InvalidDecisionException, SharedStateDown {
        RoutingDecision decision = signer.verify(header, clock.instant());
        long now = clock.instant().getEpochSecond();
        if (now - decision.issuedAt() > maxAgeSeconds) {
            throw new InvalidDecisionException("decision older than " + maxAgeSeconds + " s");
        }
        if (decision.issuedAt() > now + CLOCK_SKEW_SECONDS) {
            throw new InvalidDecisionException("decision issued in the future (check the nodes' clocks)");
        }
        if (!policy.policy().policy().teams().containsKey(decision.team())) {
            // Signed by a node with another policy (or a key that leaked): no team here means no budget to hold it to.
            throw new InvalidDecisionException("team '" + decision.team() + "' is not in this relay's policy");
        }
        boolean first;
        try {
            first = cluster.replays().firstUse(decision, clock.instant().getEpochSecond());
        } catch (SharedStateUnavailableException e) {
            throw new SharedStateDown(Unavailable.REPLAY_GUARD);
        }
        if (!first) {
            throw new InvalidDecisionException("decision already used");
        }
        if (!DecisionSigner.sha256(body).equals(decision.bodySha256())) {
            throw new InvalidDecisionException("body does not match the decision");
        }
        CompiledPolicy compiled = policy.policy();
        byte[] redacted = null;
        if (decision.requiresRedaction()) {
            if (!PolicyHash.of(compiled.policy()).equals(decision.policyHash())) {
                throw new InvalidDecisionException("redaction required under a policy this relay does not run");
            }
            GuardOutcome guard = compiled.guards().check(decision.team(), decision.alias(), request.texts(), decision.inputTokens());
            redacted = guard.redactions().isEmpty() ? null : request.withTexts(guard.redactions());
        }
        List<RouteCandidate> kept = new ArrayList<>();
        List<DroppedCandidate> dropped = new ArrayList<>();
        for (String deployment : decision.candidates()) {
            Optional<RouteCandidate> candidate = find(compiled, decision.alias(), deployment, decision.inputTokens());
            if (candidate.isPresent()) {
                kept.add(candidate.get());
            } else {
                dropped.add(new DroppedCandidate(decision.alias(), deployment, "not in this relay's policy"));
            }
        }
        // Hard caps hold here whatever the gateway nodes saw: the relay reserves the budgets in its own ledger.
        PolicyEvaluator.BudgetAdmission budgets;
        try {
            budgets = policy.evaluator().reserveBudgets(compiled, decision.team(), decision.key(), decision.reservedMicros());
        } catch (SharedStateUnavailableException e) {
            throw new SharedStateDown(Unavailable.BUDGETS);
        }
        Admission admission = budgets.admission() != null ? budgets.admission() : Admission.none(clock);
        return new Accepted(decision.requestId(), new Decision.Admitted(decision.team(), decision.key(), decision.alias(), new RoutePlan(kept, dropped),
                decision.inputTokens(), 0, decision.reservedMicros(), redacted,
                redacted == null ? List.of() : decision.redactedBy(), admission,
                new Decision.Trace(null, decision.redactedBy().stream().map(id -> new Decision.GuardrailHit(id, GuardAction.REDACT, null)).toList(),
                        List.of(), List.of("decided by a gateway node"), null)),
                budgets.rejection());
    }

    /** The deployment as this relay's policy describes it (provider address, price). */
    private Optional<RouteCandidate> find(CompiledPolicy compiled, String alias, String deployment, long inputTokens) {
        return Deployments.find(compiled.policy(), alias, deployment).map(f -> new RouteCandidate(f.alias(), f.candidate().provider(),
                compiled.policy().providers().get(f.candidate().provider()), f.candidate(),
                Pricing.costMicros(f.candidate().priceAt(clock.instant()), Usage.tokens(inputTokens, 0))));
    }
}
