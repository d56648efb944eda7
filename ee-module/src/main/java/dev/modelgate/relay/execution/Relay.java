package dev.modelgate.relay.execution;

import dev.modelgate.relay.settlement.Attempt;
import dev.modelgate.relay.settlement.Generations;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.modelgate.policy.decision.RequestIds;
import dev.modelgate.policy.eval.Decision;
import dev.modelgate.policy.model.ModelAlias;
import dev.modelgate.policy.model.Uncarried;
import dev.modelgate.policy.request.Endpoint;
import dev.modelgate.policy.request.ParsedRequest;
import dev.modelgate.policy.request.RequestException;
import dev.modelgate.policy.routing.RouteCandidate;
import dev.modelgate.relay.format.openai.OpenAiErrors;
import dev.modelgate.relay.metrics.RelayMetrics;
import dev.modelgate.relay.policy.PolicyService;
import dev.modelgate.relay.credentials.Credentials;
import dev.modelgate.relay.providers.Adapters;
import dev.modelgate.relay.providers.CallResult;
import dev.modelgate.relay.providers.NativeRequest;
import dev.modelgate.relay.providers.NativeWire;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.relay.providers.ProviderAdapter;
import dev.modelgate.relay.providers.UpstreamFailure;
import dev.modelgate.relay.settlement.UsageWriter;
import dev.modelgate.relay.tracing.AttemptSpan;
import dev.modelgate.relay.tracing.GenAiTracing;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Executes an admitted decision: tries its deployments in order, retries a deployment on 429/5xx up to
 * the provider's max_retries (honouring Retry-After), fails over to the next one, and never fails over
 * on the client's own mistake. Answers in OpenAI's format with the serving provider, usage and cost.
 * A stream fails over only before its first byte; after that a failure ends it with an SSE error event.
 */
@ApplicationScoped
public class Relay {

    /** Longest Retry-After honoured inline; beyond it the relay fails over instead of holding the client. */
    static final int MAX_INLINE_RETRY_AFTER_SECONDS = 2;
    /** Costs are written as plain decimals (0.000024), never in exponent form. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    @Inject
    Adapters adapters;

    @Inject
    Generations generations;

    @Inject
    Credentials credentials;

    @Inject
    PolicyService policy;

    @Inject
    UsageWriter ledger;

    @Inject
    RelayMetrics metrics;

    @Inject
    GenAiTracing tracing;

    private final Answers answers = new Answers(JSON);
    private final StreamPipe streams = new StreamPipe(JSON, () -> policy.evaluator().tokens());

    private final PassThrough passThrough = new PassThrough(JSON, () -> policy.evaluator().tokens());
    /** The outcome of a deployment passed over because the request uses what its format cannot carry. */
    private static final String CANNOT_CARRY = "its format cannot carry ";
    /** Names what a request lost on its way to a deployment of another format, where its alias says to drop it. */
    static final String DROPPED_HEADER = "x-modelgate-dropped";

    private final RequestIds ids = new RequestIds("gen-");

    /** A new generation id, for requests no gateway node has named. */
    public String newRequestId() {
        return ids.next();
    }

    /**
     * @param requestId the generation id: the gateway node's request id in gateway mode, so both logs name the same id
     * @param request   the client's request as parsed for the decision; its body is forwarded (or the decision's
     *                  redacted body), without parsing it again
     */
    public Response relay(String requestId, Decision.Admitted decision, ParsedRequest request, String contentType) {
        return relay(requestId, decision, request, contentType, null);
    }

    /**
     * @param clientFormat the request in the client's own wire format (Anthropic's, from {@code /v1/messages}), or null:
     *                     a deployment that speaks that format is sent it as it came (with the upstream model and the
     *                     policy's redactions) and its answer is passed through, in that format
     */
    public Response relay(String requestId, Decision.Admitted decision, ParsedRequest request, String contentType,
                          NativeRequest clientFormat) {
        Endpoint endpoint = request.endpoint();
        boolean stream = request.stream();
        if (stream && endpoint != Endpoint.CHAT_COMPLETIONS && endpoint != Endpoint.COMPLETIONS) {
            // Image and transcription streams have event formats of their own that the relay cannot meter yet.
            decision.admission().release();
            return OpenAiErrors.of(400, "invalid_request_error", "stream_unsupported",
                    "Streaming is not available for " + endpoint.path() + " through this gateway; send stream: false.", "stream");
        }
        if (!ledger.hasRoom()) {
            // The ledger has been down long enough to fill the usage spool: a call now could not be billed.
            decision.admission().release();
            return OpenAiErrors.of(503, "service_unavailable", "usage_ledger_unavailable",
                    "The gateway cannot record usage right now; try again shortly.", null);
        }
        UpstreamBody upstream;
        ParsedRequest sent;
        try {
            // Only a redacted body, which the decision re-wrote, is read again.
            sent = decision.redactedBody() == null ? request
                    : policy.parser().parse(endpoint, contentType, decision.redactedBody());
            upstream = endpoint == Endpoint.AUDIO_TRANSCRIPTIONS ? UpstreamBody.upload(sent)
                    : UpstreamBody.json(sent.jsonCopy(), stream, endpoint, outputCap(decision, request));
        } catch (RequestException e) {
            decision.admission().release();
            return OpenAiErrors.of(400, "invalid_request_error", "invalid_json", "The request body could not be re-encoded.", null);
        }
        // The client's own body with the policy's redactions, when they can be applied to it exactly; else
        // deployments of the client's format get the (redacted) translation, like every other deployment.
        ObjectNode nativeBody = clientFormat == null ? null : decision.redactedBody() == null ? clientFormat.body()
                : clientFormat.redactor().apply(sent.jsonCopy()).orElse(null);
        Exchange exchange = new Exchange(requestId, decision, stream, policy, generations, metrics, ledger,
                () -> policy.evaluator().tokens().exactInput(request),
                tracing.request(operation(endpoint), decision.alias(), decision.team(), decision.trace() == null ? null : decision.trace().rule()));
        exchange.capOutput(outputCap(decision, request));
        for (RouteCandidate candidate : decision.plan().kept()) {
            ProviderAdapter adapter = adapters.forType(candidate.provider().type());
            // Looked up once per request: a key rotated meanwhile serves the next request, never half of this one.
            String credential = candidate.provider().credential();
            String secret = credential == null ? null : credentials.secret(credential).orElse(null);
            NativeWire wire = nativeBody == null ? null : adapter.passesThrough(clientFormat.format());
            String skip = skipReason(candidate, credential != null && secret == null, adapter, endpoint);
            String dropped = null;
            if (skip == null && wire == null && clientFormat != null && clientFormat.untranslatable() != null) {
                if (dropsUncarried(decision.alias())) {
                    dropped = clientFormat.untranslatable(); // the translation left it out; the answer says so
                } else {
                    skip = CANNOT_CARRY + clientFormat.untranslatable();
                }
            }
            if (skip != null) {
                exchange.skipped(candidate, skip);
                continue;
            }
            String model = candidate.candidate().model();
            int tries = 1 + candidate.provider().resilience().maxRetries();
            for (int attempt = 0; attempt < tries; attempt++) {
                long start = System.nanoTime();
                AttemptSpan span = exchange.attemptStarted(candidate);
                CallResult result;
                try (Scope current = span.makeCurrent()) { // the upstream call carries this attempt's traceparent
                    result = wire != null
                            ? adapter.passThrough(candidate.provider(), nativeBytes(nativeBody, model), clientFormat.headers(), secret)
                            : upstream.isUpload()
                            ? adapter.upload(endpoint, candidate.providerId(), candidate.provider(), upstream.uploadForModel(model),
                                    contentType, secret)
                            : adapter.call(endpoint, candidate.providerId(), candidate.provider(), upstream.forModel(model), stream, secret);
                }
                long micros = (System.nanoTime() - start) / 1000;
                if (result.ok() && wire != null) {
                    String format = clientFormat.format().name().toLowerCase(java.util.Locale.ROOT);
                    Response answer = stream ? passThrough.stream(exchange, candidate, wire, format, result.answer(), micros)
                            : passThrough.answer(exchange, candidate, wire, format, result.answer(), micros);
                    if (answer != null) {
                        return answer;
                    }
                    break;
                }
                if (result.ok()) {
                    Response answer = stream
                            ? streams.respond(exchange, candidate, result.answer(), request.includeUsage(), micros)
                            : answers.answer(endpoint, exchange, candidate, result, micros);
                    if (answer != null) {
                        return dropped == null ? answer : Response.fromResponse(answer).header(DROPPED_HEADER, dropped).build();
                    }
                    break; // unreadable answer: this deployment is broken, try the next one
                }
                UpstreamFailure failure = result.failure();
                boolean overflow = ContextOverflow.is(failure);
                exchange.called(candidate, failure.status(), overflow ? ContextOverflow.OUTCOME : failure.reason(), micros, false);
                if (overflow) {
                    break; // too long for this deployment's window: the next one may have a larger window
                }
                if (failure.clientError()) {
                    decision.admission().release();
                    exchange.done(candidate, "rejected by provider (" + failure.status() + ")", null, 0);
                    return identified(OpenAiErrors.of(failure.status(), "invalid_request_error", "upstream_rejected_request",
                            "The provider refused the request: " + upstreamMessage(failure), null), requestId);
                }
                // Retry the same deployment for a 429/5xx with a short Retry-After, or a broken connection (often a
                // pooled connection the provider closed: a fresh one usually works). A timeout fails over at once:
                // waiting the full timeout twice on one slow deployment is what failover exists to avoid.
                boolean timedOut = failure.status() == 0 && failure.reason().equals("timed out");
                boolean unreadable = failure.status() == 200; // an answer the adapter could not read: asking again will not mend it
                boolean retrySame = attempt + 1 < tries && !timedOut && !unreadable
                        && failure.retryAfterSeconds() <= MAX_INLINE_RETRY_AFTER_SECONDS;
                if (!retrySame) {
                    break;
                }
                pause(failure.retryAfterSeconds());
            }
        }
        decision.admission().release();
        List<Attempt> attempts = exchange.attempts();
        String uncarried = uncarried(attempts);
        if (uncarried != null) {
            exchange.done(null, "no deployment can carry the request", null, 0);
            return identified(OpenAiErrors.of(400, "invalid_request_error", "unsupported_feature", "The request uses " + uncarried
                    + ", which only a deployment speaking the request's own format can carry, and none of those could serve it.",
                    null), requestId);
        }
        if (allContextOverflow(attempts)) {
            exchange.done(null, ContextOverflow.OUTCOME, null, 0);
            return identified(OpenAiErrors.of(400, "invalid_request_error", "context_length_exceeded", "The request is longer than the"
                    + " context window of every deployment that could serve it. Please reduce the length of the messages or max_tokens.",
                    "messages"), requestId);
        }
        exchange.done(null, "all providers failed", null, 0);
        return identified(OpenAiErrors.of(allTimedOut(attempts) ? 504 : 502, "upstream_error", "all_providers_failed",
                "No provider could answer: " + attempts.stream().map(a -> a.deployment() + " " + a.outcome())
                        .collect(Collectors.joining("; ")) + ".", null), requestId);
    }

    /** A failure of a request that has a generation record names it, so the attempts can be looked up. */
    /** Whether the alias sends a request on without what its deployment's format cannot carry ({@code uncarried_features: drop}). */
    private boolean dropsUncarried(String alias) {
        ModelAlias model = alias == null ? null : policy.policy().policy().models().get(alias);
        return model != null && model.uncarriedFeatures() == Uncarried.DROP;
    }

    private static Response identified(Response error, String requestId) {
        return Response.fromResponse(error).header("x-request-id", requestId).build();
    }

    /**
     * The output tokens the reservation was priced for: the decision's (the request's max_tokens, or the policy's
     * default for an answer); a gateway node's decision does not carry it, so there it is the request's own max.
     */
    private static long outputCap(Decision.Admitted decision, ParsedRequest request) {
        return decision.outputTokens() > 0 ? decision.outputTokens() : request.maxOutputTokens();
    }

    /** The GenAI semantic conventions' gen_ai.operation.name for an endpoint. */
    static String operation(Endpoint endpoint) {
        return switch (endpoint) {
            case CHAT_COMPLETIONS -> "chat";
            case COMPLETIONS -> "text_completion";
            case EMBEDDINGS -> "embeddings";
            case IMAGES_GENERATIONS -> "generate_content";
            case AUDIO_TRANSCRIPTIONS -> "transcription";
            case AUDIO_SPEECH -> "speech";
        };
    }

    /** Why a deployment is passed over without a call, or null when it can be called. */
    private String skipReason(RouteCandidate candidate, boolean noSecret, ProviderAdapter adapter, Endpoint endpoint) {
        if (noSecret) {
            // A provider whose key is not configured here is skipped, not called: its 401 would only cost
            // a round trip and count against a deployment that is not at fault.
            return "no credential configured";
        }
        if (!adapter.serves(endpoint)) {
            return candidate.providerId() + " has no " + endpoint.path();
        }
        // Asked last: a granted permit is a promise that a call follows and reports its outcome.
        if (!policy.breakers().tryAcquire(candidate.deploymentId(), candidate.provider().resilience())) {
            return "circuit open, trial call in flight";
        }
        return null;
    }

    private static String upstreamMessage(UpstreamFailure failure) {
        try {
            String message = JSON.readTree(failure.body()).path("error").path("message").asText("");
            return message.isEmpty() ? failure.reason() : message;
        } catch (IOException | RuntimeException e) {
            return failure.reason();
        }
    }

    /**
     * What the request uses that no deployment could be sent, when every deployment was passed over for it or for
     * another reason that made no call while none that could carry it answered; null otherwise.
     */
    private static String uncarried(List<Attempt> attempts) {
        boolean noneCalled = attempts.stream().allMatch(a -> a.status() == 0 && a.latencyMicros() == 0);
        return !noneCalled ? null : attempts.stream().map(Attempt::outcome).filter(o -> o.startsWith(CANNOT_CARRY))
                .map(o -> o.substring(CANNOT_CARRY.length())).findFirst().orElse(null);
    }

    private static byte[] nativeBytes(ObjectNode body, String model) {
        try {
            return JSON.writeValueAsBytes(NativeRequest.forModel(body, model));
        } catch (IOException e) {
            throw new IllegalStateException("a parsed JSON tree could not be written", e);
        }
    }

    /** Every deployment called refused the request as too long (those skipped without a call do not count). */
    private static boolean allContextOverflow(List<Attempt> attempts) {
        List<Attempt> called = attempts.stream().filter(a -> a.status() != 0 || a.latencyMicros() != 0).toList();
        return !called.isEmpty() && called.stream().allMatch(a -> a.outcome().equals(ContextOverflow.OUTCOME));
    }

    private static boolean allTimedOut(List<Attempt> attempts) {
        return !attempts.isEmpty() && attempts.stream().allMatch(a -> a.outcome().equals("timed out"));
    }

    private static void pause(int seconds) {
        try {
            Thread.sleep(seconds * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
