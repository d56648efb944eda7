package dev.modelgate.edge;

import dev.modelgate.policy.decision.RequestIds;
import dev.modelgate.shared.limits.CountersUnavailableException;
import dev.modelgate.edge.metrics.EdgeMetrics;
import dev.modelgate.edge.policy.LivePolicy;
import dev.modelgate.edge.policy.PolicyUnavailableException;
import dev.modelgate.edge.policy.PolicyWatcher;
import dev.modelgate.policy.decision.DecisionSigner;
import dev.modelgate.policy.decision.RoutingDecision;
import dev.modelgate.policy.eval.Caller;
import dev.modelgate.policy.eval.Decision;
import dev.modelgate.policy.eval.PolicyEvaluator;
import dev.modelgate.policy.eval.Rejection;
import dev.modelgate.policy.model.FailureMode;
import dev.modelgate.policy.request.Endpoint;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.policy.request.HeaderLimits;
import dev.modelgate.policy.request.MessagesErrors;
import dev.modelgate.policy.request.ParsedMessages;
import dev.modelgate.policy.request.ParsedRequest;
import dev.modelgate.policy.request.RequestException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway edge's work for one request, the same on every gateway: find the route's policy, parse the
 * body once, identify the caller, run the evaluator (guard, meter, route), and either answer in the endpoint's
 * error shape or hand the relay a signed decision. Gateway hosts only translate their protocol to
 * {@link EdgeRequest} and {@link EdgeOutcome}.
 *
 * <p>Anthropic's {@code /v1/messages} is read as the relay reads it ({@link ParsedMessages}: the chat request it
 * means, which the policy decides), signed over the client's own bytes, and refused in Anthropic's error shape.
 */
public final class EdgeGate {

    private static final System.Logger LOG = System.getLogger(EdgeGate.class.getName());
    private static final String MODELGATE_PREFIX = "x-modelgate-";
    /** Credentials never reach CEL rules or logs. */
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization", "cookie",
            "apikey", "x-api-key", "api-key");

    private final PolicyWatcher policies;
    private final PolicyEvaluator shared;
    private final PolicyEvaluator local;
    private final String hmacKeys;
    private final Map<String, Optional<DecisionSigner>> signers = new ConcurrentHashMap<>();
    private final boolean hostRewritesBody;
    private final RequestIds ids;
    private final Clock clock;
    private final HeaderLimits headerLimits;
    private final EdgeMetrics metrics;
    private final MessagesErrors anthropicErrors = new MessagesErrors(new ObjectMapper());

    /**
     * @param shared           evaluator on the cluster-wide counters (may be the same as {@code local})
     * @param local            evaluator on this node's counters, used when the shared ones are down and the policy fails open
     * @param hmacKeys         the relay's HMAC keys, {@code id:base64,...}; never logged
     * @param hostRewritesBody true on gateways that can replace the body (Kong): redaction then happens here
     */
    public EdgeGate(PolicyWatcher policies, PolicyEvaluator shared, PolicyEvaluator local, String hmacKeys,
                    boolean hostRewritesBody, RequestIds ids, Clock clock) {
        this(policies, shared, local, hmacKeys, hostRewritesBody, ids, clock, HeaderLimits.defaults());
    }

    /** @param headerLimits what a request's headers may be; over them it is refused before anything else is done */
    public EdgeGate(PolicyWatcher policies, PolicyEvaluator shared, PolicyEvaluator local, String hmacKeys,
                    boolean hostRewritesBody, RequestIds ids, Clock clock, HeaderLimits headerLimits) {
        this(policies, shared, local, hmacKeys, hostRewritesBody, ids, clock, headerLimits, new EdgeMetrics());
    }

    /** @param metrics where each decision's time is counted, by endpoint and outcome */
    public EdgeGate(PolicyWatcher policies, PolicyEvaluator shared, PolicyEvaluator local, String hmacKeys,
                    boolean hostRewritesBody, RequestIds ids, Clock clock, HeaderLimits headerLimits, EdgeMetrics metrics) {
        this.metrics = metrics;
        this.headerLimits = headerLimits;
        this.policies = policies;
        this.shared = shared;
        this.local = local;
        this.hmacKeys = hmacKeys;
        this.hostRewritesBody = hostRewritesBody;
        this.ids = ids;
        this.clock = clock;
    }

    /** Decides one request, and counts how long that took. */
    public EdgeOutcome handle(EdgeSettings settings, EdgeRequest request) {
        long start = System.nanoTime();
        EdgeOutcome outcome = decide(settings, request);
        metrics.decided(endpointLabel(request.path()), outcome instanceof EdgeOutcome.Reject r ? Integer.toString(r.status()) : "forwarded",
                System.nanoTime() - start);
        return outcome;
    }

    /** A bounded label: the endpoints Modelgate serves by name, anything else as {@code other}. */
    private static String endpointLabel(String path) {
        if (ParsedMessages.isAnthropicPath(path)) {
            return "messages";
        }
        return Endpoint.fromPath(path).map(e -> e.name().toLowerCase(Locale.ROOT)).orElse("other");
    }

    private EdgeOutcome decide(EdgeSettings settings, EdgeRequest request) {
        String requestId = ids.next();
        boolean anthropic = ParsedMessages.isAnthropicPath(request.path());
        try {
            // Gateways pass on whatever their own limits let through (nginx's large_client_header_buffers); the
            // relay would refuse the same request, so it is refused here first, in the same shape.
            headerLimits.check(request.headers());
        } catch (RequestException e) {
            return reject(Rejection.of(e), requestId, anthropic);
        }
        LivePolicy live;
        try {
            live = policies.current(settings.policyPaths());
        } catch (PolicyUnavailableException e) {
            return reject(Rejection.of(500, "server_error", "policy_unavailable", e.getMessage()), requestId, anthropic);
        }
        Optional<DecisionSigner> signer = signers.computeIfAbsent(settings.hmacKeyId() == null ? "" : settings.hmacKeyId(),
                this::signer);
        if (signer.isEmpty()) {
            return reject(Rejection.of(500, "server_error", "gateway_misconfigured",
                    "The Modelgate gateway has no HMAC key to sign decisions with; see the runner's log."), requestId, anthropic);
        }
        Optional<Endpoint> endpoint = Endpoint.fromPath(request.path());
        boolean messagesCall = endpoint.isEmpty() && ParsedMessages.isPath(request.path());
        if (endpoint.isEmpty() && !messagesCall) {
            // count_tokens included: a count is no decision to sign; the relay answers it in standalone mode only.
            return reject(Rejection.of(404, "invalid_request_error", "unknown_url",
                    "Modelgate does not serve " + safePath(request.path()) + " through the gateway."), requestId, anthropic);
        }
        ParsedRequest parsed;
        ParsedMessages messages = null;
        try {
            if (messagesCall) {
                messages = live.parser().parseMessages(request.body(), false);
                parsed = messages.parsed();
            } else {
                parsed = live.parser().parse(endpoint.get(), request.headers().get("content-type"), request.body());
            }
        } catch (RequestException e) {
            return reject(Rejection.of(e), requestId, anthropic);
        }
        Caller caller = caller(settings, request);
        Decision decision;
        try {
            decision = shared.evaluate(live.compiled(), caller, parsed);
        } catch (CountersUnavailableException e) {
            if (live.compiled().policy().settings().countersUnavailable() == FailureMode.FAIL_CLOSED) {
                return reject(Rejection.of(503, "service_unavailable", "counters_unavailable",
                        "Rate limits cannot be checked right now; retry shortly."), requestId, anthropic);
            }
            decision = local.evaluate(live.compiled(), caller, parsed);
        }
        if (decision instanceof Decision.Rejected rejected) {
            return reject(rejected.rejection(), requestId, anthropic);
        }
        Decision.Admitted admitted = (Decision.Admitted) decision;
        // The edge never sees the request end: the estimate stays in the rate windows, permits are freed now.
        admitted.admission().settle(admitted.inputTokens() + admitted.outputTokens(), admitted.reservedMicros());

        byte[] newBody = hostRewritesBody && admitted.redacted() ? redactedBody(admitted, messages) : null;
        RoutingDecision routing = RoutingDecision.of(newBody == null ? admitted : withoutRedaction(admitted),
                requestId, live.hash(), newBody == null ? request.body() : newBody, clock.instant(),
                settings.decisionTtlSeconds());
        Map<String, String> set = new HashMap<>(4);
        set.put(DecisionSigner.HEADER, signer.get().sign(routing));
        set.put(DecisionSigner.REQUEST_ID_HEADER, requestId);
        List<String> remove = new ArrayList<>(2);
        for (String name : request.headers().keySet()) {
            if (name.startsWith(MODELGATE_PREFIX) && !set.containsKey(name)) {
                remove.add(name);
            }
        }
        return new EdgeOutcome.Forward(set, remove, newBody, requestId);
    }

    /** The answer for a route whose Modelgate configuration does not parse: the operator's mistake, so a 500. */
    public EdgeOutcome.Reject misconfigured(String why) {
        return misconfigured(null, why);
    }

    /** @param path the request's path, for the error shape its client reads; null when the host has not read it */
    public EdgeOutcome.Reject misconfigured(String path, String why) {
        return refuse(path, Rejection.of(500, "server_error", "gateway_misconfigured",
                "The gateway's Modelgate configuration is invalid: " + why));
    }

    /** An answer decided by the host itself (a body it cannot read, a failure of its own), in the same shape. */
    public EdgeOutcome.Reject refuse(Rejection rejection) {
        return refuse(null, rejection);
    }

    /** @param path the request's path, for the error shape its client reads; null when the host has not read it */
    public EdgeOutcome.Reject refuse(String path, Rejection rejection) {
        return reject(rejection, ids.next(), ParsedMessages.isAnthropicPath(path));
    }

    /**
     * The redacted body a host that can replace the body forwards, in the client's format: for a Messages request
     * the client's own body with the redactions placed in it; null when they cannot be placed exactly, and then
     * the body is kept and the relay redacts (the decision still names the guardrails).
     */
    private static byte[] redactedBody(Decision.Admitted admitted, ParsedMessages messages) {
        return messages == null ? admitted.redactedBody() : messages.redactedBytes(admitted.redactedBody()).orElse(null);
    }

    private static Caller caller(EdgeSettings settings, EdgeRequest request) {
        String consumer = settings.consumerHeader() != null ? request.headers().get(settings.consumerHeader()) : request.consumer();
        Map<String, String> visible = new HashMap<>(request.headers().size());
        request.headers().forEach((name, value) -> {
            if (!CREDENTIAL_HEADERS.contains(name) && !name.startsWith(MODELGATE_PREFIX) && !name.equals(settings.consumerHeader())) {
                visible.put(name, value);
            }
        });
        return new Caller(consumer == null || consumer.isEmpty() ? null : consumer, null, visible);
    }

    /** The body was already redacted here, so the relay has nothing left to redact. */
    private static Decision.Admitted withoutRedaction(Decision.Admitted a) {
        return new Decision.Admitted(a.team(), a.key(), a.alias(), a.plan(), a.inputTokens(), a.outputTokens(),
                a.reservedMicros(), null, List.of(), a.admission(), a.trace());
    }

    private Optional<DecisionSigner> signer(String keyId) {
        try {
            return DecisionSigner.fromSpec(hmacKeys, keyId.isEmpty() ? null : keyId);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot sign Modelgate decisions: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** @param anthropic answer in Anthropic's error shape, with the request id where Anthropic's SDKs read it */
    private EdgeOutcome.Reject reject(Rejection r, String requestId, boolean anthropic) {
        Map<String, String> headers = new HashMap<>(6);
        headers.put("content-type", "application/json");
        headers.put(DecisionSigner.REQUEST_ID_HEADER, requestId);
        Long retryAfter = r.retryAfterSeconds();
        if (retryAfter != null) {
            headers.put("retry-after", Long.toString(retryAfter));
        }
        if (!anthropic) {
            return new EdgeOutcome.Reject(r.status(), headers, r.toJson());
        }
        headers.put("request-id", requestId);
        return new EdgeOutcome.Reject(r.status(), headers,
                anthropicErrors.of(MessagesErrors.typeFor(r.status()), r.message(), requestId).toString());
    }

    private static String safePath(String path) {
        String p = path == null ? "" : path;
        int q = p.indexOf('?');
        p = q >= 0 ? p.substring(0, q) : p;
        return p.length() > 200 ? p.substring(0, 200) + "..." : p;
    }
}
