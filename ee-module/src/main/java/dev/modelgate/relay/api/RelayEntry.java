package dev.modelgate.relay.api;

import dev.modelgate.relay.format.openai.OpenAiErrors;
import dev.modelgate.policy.eval.Caller;
import dev.modelgate.policy.eval.Decision;
import dev.modelgate.policy.eval.PolicyEvaluator;
import dev.modelgate.policy.eval.Rejection;
import dev.modelgate.policy.request.Endpoint;
import dev.modelgate.policy.request.ParsedRequest;
import dev.modelgate.policy.request.RequestException;
import dev.modelgate.policy.decision.DecisionSigner;
import dev.modelgate.policy.decision.InvalidDecisionException;
import dev.modelgate.relay.auth.ApiKeys;
import dev.modelgate.relay.gateway.GatewayDecisions;
import dev.modelgate.relay.metrics.RelayMetrics;
import dev.modelgate.relay.policy.PolicyService;
import dev.modelgate.relay.providers.NativeRequest;
import dev.modelgate.relay.providers.anthropic.AnthropicTokenCount;
import dev.modelgate.relay.credentials.Credentials;
import dev.modelgate.policy.model.ProviderType;
import dev.modelgate.policy.routing.RouteCandidate;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.OptionalLong;
import dev.modelgate.relay.execution.Relay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;
import java.util.Optional;

/**
 * Where every relayed request is decided: standalone mode checks the caller's API key and decides with the
 * policy; gateway mode executes a gateway node's signed decision. One parse of the body either way. Reached
 * from {@link RelayServlet} with bytes, and from ingresses that speak another format (Anthropic's
 * {@code /v1/messages}) with the request they translated and parsed themselves.
 */
@ApplicationScoped
public class RelayEntry {

    @Inject
    PolicyService policy;

    @Inject
    ApiKeys keys;

    @Inject
    Relay relay;

    @Inject
    GatewayDecisions gateway;

    @Inject
    RelayMetrics metrics;

    @Inject
    Credentials credentials;

    @Inject
    AnthropicTokenCount anthropicCount;

    /** Decides and relays one OpenAI-shaped request whose body is already read (the relayed OpenAI endpoints). */
    public Response handle(Endpoint endpoint, String authorization, String contentType, String signedDecision, byte[] body) {
        if (signedDecision != null && gateway.enabled()) {
            return fromGateway(endpoint, signedDecision, contentType, body);
        }
        // Without gateway mode a client-sent decision header means nothing: the caller is checked like any other.
        Optional<String> keyId = keys.keyId(authorization);
        if (keyId.isEmpty()) {
            return OpenAiErrors.of(invalidKey(authorization));
        }
        ParsedRequest request;
        try {
            request = policy.parser().parse(endpoint, contentType, body);
        } catch (RequestException e) {
            return OpenAiErrors.of(e);
        }
        return decide(keyId.get(), request, contentType, null);
    }

    /**
     * Decides and relays a request an ingress of another format translated and parsed itself (Anthropic's
     * {@code /v1/messages} builds the OpenAI request as a tree): in gateway mode a node's signed decision, bound to
     * the client's own bytes, is verified and executed; otherwise the same key check and decision as standalone.
     *
     * @param signedDecision a gateway node's decision header, or null
     * @param clientBody     the client's bytes as they came, which the decision's body hash covers
     */
    public Response handle(String authorization, String signedDecision, byte[] clientBody, ParsedRequest request,
                           NativeRequest clientFormat) {
        if (signedDecision != null && gateway.enabled()) {
            return executeDecision(signedDecision, clientBody, request, MediaType.APPLICATION_JSON, clientFormat);
        }
        return handle(authorization, request, clientFormat);
    }

    /**
     * Decides and relays a request an ingress of another format translated and parsed itself: standalone mode,
     * the same key check and decision.
     */
    public Response handle(String authorization, ParsedRequest request, NativeRequest clientFormat) {
        Optional<String> keyId = keys.keyId(authorization);
        if (keyId.isEmpty()) {
            return OpenAiErrors.of(invalidKey(authorization));
        }
        return decide(keyId.get(), request, MediaType.APPLICATION_JSON, clientFormat);
    }

    /** A new generation id, for an ingress that answers a request itself. */
    public String newRequestId() {
        return relay.newRequestId();
    }

    /**
     * Input tokens of a request that is only counted (Anthropic's {@code count_tokens}): the same key check, then
     * the evaluator's count. Nothing is relayed, reserved or billed.
     */
    public PolicyEvaluator.Count count(String authorization, ParsedRequest request) {
        Optional<String> keyId = keys.keyId(authorization);
        if (keyId.isEmpty()) {
            return new PolicyEvaluator.Count(0, invalidKey(authorization));
        }
        return policy.evaluator().count(policy.policy(), new Caller(null, keyId.get(), Map.of()), request);
    }

    /**
     * Input tokens of a request in a provider's own format (Anthropic's {@code count_tokens}): when the alias routes
     * to a deployment of that format now, and the guardrails would pass the request untouched, that provider's own
     * count endpoint is asked (exact for its tokenizer); otherwise, or when it cannot answer, the relay's estimate.
     */
    public TokenCount count(String authorization, ParsedRequest request, NativeRequest clientFormat) {
        PolicyEvaluator.Count count = count(authorization, request);
        if (count.rejection() != null) {
            return new TokenCount(0, count.rejection(), TokenCount.ESTIMATE);
        }
        RouteCandidate deployment = count.deployment();
        if (deployment != null && clientFormat != null && deployment.provider().type() == clientFormat.format()
                && clientFormat.format() == ProviderType.ANTHROPIC) {
            String credential = deployment.provider().credential();
            String secret = credential == null ? null : credentials.secret(credential).orElse(null);
            if (credential == null || secret != null) {
                ObjectNode body = NativeRequest.forModel(clientFormat.body(), deployment.candidate().model());
                body.remove("max_tokens"); // a count takes neither: Anthropic refuses them
                body.remove("stream");
                OptionalLong exact = anthropicCount.count(deployment.provider(), secret, body.toString(), clientFormat.headers());
                if (exact.isPresent()) {
                    return new TokenCount(exact.getAsLong(), null, TokenCount.PROVIDER);
                }
            }
        }
        return new TokenCount(count.inputTokens(), null, TokenCount.ESTIMATE);
    }

    /**
     * @param rejection null when counted
     * @param source    who counted: {@value #PROVIDER} (the deployment's own count endpoint) or {@value #ESTIMATE} (the relay)
     */
    public record TokenCount(long inputTokens, Rejection rejection, String source) {
        public static final String PROVIDER = "provider";
        public static final String ESTIMATE = "estimate";
    }

    private static Rejection invalidKey(String authorization) {
        return Rejection.of(401, "invalid_request_error", "invalid_api_key",
                authorization == null ? "Missing API key: send Authorization: Bearer <key>." : "Incorrect API key provided.");
    }

    private Response decide(String keyId, ParsedRequest request, String contentType, NativeRequest clientFormat) {
        Caller caller = new Caller(null, keyId, Map.of());
        Decision decision = policy.evaluate(caller, request);
        String team = policy.policy().teamOf(caller);
        decision.trace().guardrailHits().forEach(hit -> metrics.guardrail(team, hit));
        if (decision instanceof Decision.Rejected rejected) {
            Rejection rejection = rejected.rejection();
            metrics.rejected(team, rejection);
            return OpenAiErrors.of(rejection);
        }
        return relay.relay(relay.newRequestId(), (Decision.Admitted) decision, request, contentType, clientFormat);
    }

    /** Gateway mode: execute what the gateway node decided and signed; anything not verifiable is a 401. */
    private Response fromGateway(Endpoint endpoint, String signedDecision, String contentType, byte[] body) {
        ParsedRequest request;
        try {
            request = policy.parser().parse(endpoint, contentType, body);
        } catch (RequestException e) {
            return OpenAiErrors.of(e);
        }
        return executeDecision(signedDecision, body, request, contentType, null);
    }

    /**
     * @param body         the bytes the decision's body hash covers: the client's own
     * @param request      those bytes as parsed for the policy (for another format, its OpenAI translation)
     * @param clientFormat the client's own body in another wire format, or null
     */
    private Response executeDecision(String signedDecision, byte[] body, ParsedRequest request, String contentType,
                                     NativeRequest clientFormat) {
        GatewayDecisions.Accepted accepted;
        try {
            accepted = gateway.accept(signedDecision, body, request);
        } catch (InvalidDecisionException e) {
            return OpenAiErrors.of(401, "authentication_error", "invalid_decision", "Gateway decision refused: " + e.getMessage() + ".", null);
        } catch (GatewayDecisions.SharedStateDown e) {
            metrics.rejected(null, e.rejection());
            return OpenAiErrors.of(e.rejection());
        }
        if (accepted.overBudget() != null) {
            metrics.rejected(accepted.decision().team(), accepted.overBudget());
            return OpenAiErrors.of(accepted.overBudget());
        }
        if (accepted.decision().plan().isEmpty()) {
            accepted.decision().admission().release();
            return OpenAiErrors.of(503, "service_unavailable", "no_available_provider",
                    "None of the deployments the gateway chose is known to this relay.", null);
        }
        return relay.relay(accepted.requestId(), accepted.decision(), request, contentType, clientFormat);
    }
}
