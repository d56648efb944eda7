package dev.modelgate.policy.decision;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.modelgate.policy.eval.Decision;
import dev.modelgate.policy.routing.RouteCandidate;

import java.util.List;

/**
 * What a gateway node decided for one request, carried to the relay in a signed header so the relay
 * executes exactly that and no client can forge or skip the policy.
 *
 * @param requestId     unique per request; also the replay nonce
 * @param team          team id
 * @param key           API key id, or null
 * @param alias         alias that serves the request (after rules)
 * @param candidates    deployments to try in order, as "provider/model"
 * @param redactedBy    guardrails that require redaction; the relay redacts with the same policy code and
 *                      refuses the request if it cannot (APISIX cannot rewrite a body in a pre-request filter)
 * @param policyHash    hash of the policy the decision was made under; redaction is only honoured under the same policy
 * @param bodySha256    hex SHA-256 of the body the gateway evaluated, so a body changed on the way is refused
 * @param inputTokens   estimated input tokens
 * @param reservedMicros estimated cost reserved against budgets, micro-USD
 * @param expiresAt     epoch seconds after which the relay refuses the decision
 * @param issuedAt      epoch seconds when the node decided; a relay refuses a decision older than its own maximum
 *                      age whatever {@code expiresAt} says (0 from a node that predates it: always too old)
 */
public record RoutingDecision(
        @JsonProperty("rid") String requestId,
        @JsonProperty("team") String team,
        @JsonProperty("key") String key,
        @JsonProperty("alias") String alias,
        @JsonProperty("cand") List<String> candidates,
        @JsonProperty("redact") List<String> redactedBy,
        @JsonProperty("ph") String policyHash,
        @JsonProperty("bh") String bodySha256,
        @JsonProperty("tok") long inputTokens,
        @JsonProperty("res") long reservedMicros,
        @JsonProperty("exp") long expiresAt,
        @JsonProperty("iat") long issuedAt) {

    public RoutingDecision {
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
        redactedBy = redactedBy == null ? List.of() : List.copyOf(redactedBy);
    }

    /**
     * The decision a gateway node hands the relay for an admitted request.
     *
     * @param body       the exact bytes the node evaluated (their hash binds the decision to them)
     * @param ttlSeconds how long the relay may act on it
     */
    public static RoutingDecision of(Decision.Admitted admitted, String requestId, String policyHash, byte[] body,
                                     java.time.Instant now, long ttlSeconds) {
        return new RoutingDecision(requestId, admitted.team(), admitted.key(), admitted.alias(),
                admitted.plan().kept().stream().map(RouteCandidate::deploymentId).toList(),
                admitted.redactedBy(), policyHash, DecisionSigner.sha256(body), admitted.inputTokens(),
                admitted.reservedMicros(), now.getEpochSecond() + ttlSeconds, now.getEpochSecond());
    }

    public boolean requiresRedaction() {
        return !redactedBy.isEmpty();
    }
}
