package dev.modelgate.relay.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.budget.Micros;
import dev.modelgate.policy.eval.Decision;
import dev.modelgate.policy.pricing.Pricing;
import dev.modelgate.policy.pricing.Usage;
import dev.modelgate.policy.request.Endpoint;
import dev.modelgate.policy.routing.RouteCandidate;
import dev.modelgate.relay.api.OpenAiErrors;
import dev.modelgate.relay.policy.PolicyService;
import dev.modelgate.relay.credentials.Credentials;
import dev.modelgate.relay.providers.Adapters;
import dev.modelgate.relay.providers.CallResult;
import dev.modelgate.relay.providers.ProviderAdapter;
import dev.modelgate.relay.providers.TranslationException;
import dev.modelgate.relay.providers.UpstreamFailure;
import dev.modelgate.relay.metrics.RelayMetrics;
import dev.modelgate.relay.settlement.UsageRecord;
import dev.modelgate.relay.settlement.UsageWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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

    /** A new generation id, for requests no gateway node has named. */
    public static String newRequestId() {
        return "gen-" + UUID.randomUUID();
    }

    /** @param requestId the generation id: the gateway node's request id in gateway mode, so both logs name the same id */
    public Response relay(String requestId, Endpoint endpoint, Decision.Admitted decision, byte[] clientBody, boolean stream,
                          boolean clientWantsUsage) {
        Outcomes stats = new Outcomes();
        Recorder recorder = new Recorder(requestId, decision, stream);
        UpstreamBody upstream;
        try {
            upstream = UpstreamBody.of(JSON, decision.redactedBody() != null ? decision.redactedBody() : clientBody, stream);
        } catch (IOException | ClassCastException e) {
            decision.admission().release();
            return OpenAiErrors.of(400, "invalid_request_error", "invalid_json", "The request body could not be re-encoded.", null);
        }
        List<Attempt> attempts = new ArrayList<>();
        for (RouteCandidate candidate : decision.plan().kept()) {
            if (!credentials.available(candidate.provider())) {
                // A provider whose key is not configured here is skipped, not called: its 401 would only cost
                // a round trip and count against a deployment that is not at fault.
                attempts.add(new Attempt(candidate.deploymentId(), 0, "no credential configured", 0));
                continue;
            }
            if (!policy.breakers().permits(candidate.deploymentId())) {
                attempts.add(new Attempt(candidate.deploymentId(), 0, "circuit open, trial call in flight", 0));
                continue;
            }
            ProviderAdapter adapter = adapters.forType(candidate.provider().type()).orElse(null);
            if (adapter == null) {
                attempts.add(new Attempt(candidate.deploymentId(), 0, "no adapter for " + candidate.provider().type(), 0));
                continue;
            }
            ObjectNode upstreamBody = upstream.forModel(candidate.candidate().model());
            String secret = credentials.secret(candidate.provider().credential()).orElse(null);
            int tries = 1 + candidate.provider().resilience().maxRetries();
            for (int attempt = 0; attempt < tries; attempt++) {
                long start = System.nanoTime();
                CallResult result = adapter.call(endpoint, candidate.providerId(), candidate.provider(), upstreamBody, stream, secret);
                long micros = (System.nanoTime() - start) / 1000;
                if (result.ok()) {
                    if (stream) {
                        return streamed(decision, candidate, result.answer(), requestId, clientWantsUsage, stats, micros,
                                attempts, recorder);
                    }
                    Response answer = answered(endpoint, decision, candidate, result.answer(), requestId, stats, micros,
                            attempts, recorder);
                    if (answer != null) {
                        return answer;
                    }
                    break; // unreadable answer: this deployment is broken, try the next one
                }
                UpstreamFailure failure = result.failure();
                attempts.add(new Attempt(candidate.deploymentId(), failure.status(), failure.reason(), micros));
                stats.record(candidate, micros, false);
                if (failure.clientError()) {
                    decision.admission().release();
                    recorder.done(candidate, "rejected by provider (" + failure.status() + ")", null, 0, attempts);
                    return OpenAiErrors.of(failure.status(), "invalid_request_error", "upstream_rejected_request",
                            "The provider refused the request: " + upstreamMessage(failure), null);
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
        recorder.done(null, "all providers failed", null, 0, attempts);
        return OpenAiErrors.of(allTimedOut(attempts) ? 504 : 502, "upstream_error", "all_providers_failed",
                "No provider could answer: " + attempts.stream().map(a -> a.deployment() + " " + a.outcome())
                        .collect(Collectors.joining("; ")) + ".", null);
    }

    private Response answered(Endpoint endpoint, Decision.Admitted decision, RouteCandidate candidate, InputStream in,
                              String requestId, Outcomes stats, long micros, List<Attempt> attempts, Recorder recorder) {
        ObjectNode answer;
        try (in) {
            JsonNode tree = JSON.readTree(in);
            String expected = endpoint == Endpoint.EMBEDDINGS ? "data" : "choices";
            if (!(tree instanceof ObjectNode o) || !o.has(expected)) {
                throw new IOException("not an answer of " + endpoint.path());
            }
            answer = o;
        } catch (IOException e) {
            attempts.add(new Attempt(candidate.deploymentId(), 200, "unreadable answer", micros));
            stats.record(candidate, micros, false);
            return null;
        }
        stats.record(candidate, micros, true);
        attempts.add(new Attempt(candidate.deploymentId(), 200, "ok", micros));
        Usage usage = usage(answer.path("usage"));
        long cost = Pricing.costMicros(candidate.candidate().priceAt(java.time.Instant.now()), usage);
        decision.admission().settle(usage.inputTokens() + usage.outputTokens(), cost);
        recorder.done(candidate, "ok", usage, cost, attempts);
        if (endpoint != Endpoint.EMBEDDINGS) {
            answer.put("id", requestId); // embeddings answers have no id in OpenAI's format
        }
        answer.put("provider", candidate.providerId());
        if (answer.path("usage") instanceof ObjectNode u) {
            u.put("cost", Micros.toUsd(cost));
        }
        return servedBy(Response.ok(json(answer), MediaType.APPLICATION_JSON), candidate, requestId).build();
    }

    /** Every answer says which deployment served it and under which request id. */
    private static Response.ResponseBuilder servedBy(Response.ResponseBuilder response, RouteCandidate candidate, String requestId) {
        return response.header("x-modelgate-provider", candidate.providerId())
                .header("x-modelgate-model", candidate.candidate().model())
                .header("x-request-id", requestId);
    }

    private Response streamed(Decision.Admitted decision, RouteCandidate candidate, InputStream in, String requestId,
                              boolean clientWantsUsage, Outcomes stats, long firstByteMicros, List<Attempt> attempts,
                              Recorder recorder) {
        StreamingOutput output = out -> pipe(decision, candidate, in, out, clientWantsUsage, stats, firstByteMicros, attempts, recorder);
        return servedBy(Response.ok(output, "text/event-stream").header("Cache-Control", "no-cache"), candidate, requestId).build();
    }

    /** Forwards SSE events as they arrive; usage is read from the final usage chunk, which is dropped if the client did not ask for it. */
    private void pipe(Decision.Admitted decision, RouteCandidate candidate, InputStream in, OutputStream out,
                      boolean clientWantsUsage, Outcomes stats, long firstByteMicros, List<Attempt> attempts,
                      Recorder recorder) throws IOException {
        Usage usage = null;
        boolean done = false;
        boolean clientGone = false;
        String brokenBecause = "The provider's stream broke off before the answer was complete.";
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.startsWith("data:")) {
                    continue;
                }
                String data = line.substring(5).trim();
                if (data.equals("[DONE]")) {
                    done = true;
                    clientGone = !write(out, "data: [DONE]\n\n");
                    break;
                }
                JsonNode chunk = JSON.readTree(data);
                if (chunk.hasNonNull("usage")) {
                    usage = usage(chunk.get("usage"));
                    if (chunk.path("choices").isEmpty() && !clientWantsUsage) {
                        continue;
                    }
                    if (chunk instanceof ObjectNode o && o.get("usage") instanceof ObjectNode u) {
                        u.put("cost", Micros.toUsd(Pricing.costMicros(candidate.candidate().priceAt(java.time.Instant.now()), usage)));
                        data = json(o);
                    }
                }
                if (!write(out, "data: " + data + "\n\n")) {
                    clientGone = true;
                    break; // leaving the block closes the upstream stream: the provider call is cancelled
                }
            }
        } catch (TranslationException e) {
            brokenBecause = e.getMessage(); // the provider said why (an error event) or sent what cannot be read
        } catch (IOException | RuntimeException e) {
            // The provider broke mid-answer: fall through to the error event below.
        }
        if (clientGone && !done) {
            // The client went away, not the provider: no failure is counted against the deployment. The tokens
            // generated so far are unknown, so the reservation is charged as the upper bound of what the
            // provider bills for the cancelled call.
            attempts.add(new Attempt(candidate.deploymentId(), 200, "client disconnected", firstByteMicros));
            decision.admission().settle(decision.inputTokens() + decision.outputTokens(), decision.reservedMicros());
            recorder.done(candidate, "client disconnected", usage, decision.reservedMicros(), attempts);
            return;
        }
        if (!done) {
            stats.record(candidate, firstByteMicros, false);
            decision.admission().release(); // no usage known for a broken stream; settlement records it as failed
            attempts.add(new Attempt(candidate.deploymentId(), 200, "stream interrupted", firstByteMicros));
            recorder.done(candidate, "stream interrupted", usage, 0, attempts);
            ObjectNode error = JSON.createObjectNode();
            error.putObject("error").put("message", brokenBecause)
                    .put("type", "upstream_error").put("code", "stream_interrupted").putNull("param");
            write(out, "data: " + error + "\n\n");
            return;
        }
        stats.record(candidate, firstByteMicros, true);
        attempts.add(new Attempt(candidate.deploymentId(), 200, "ok", firstByteMicros));
        if (usage != null) {
            long cost = Pricing.costMicros(candidate.candidate().priceAt(java.time.Instant.now()), usage);
            decision.admission().settle(usage.inputTokens() + usage.outputTokens(), cost);
            recorder.done(candidate, "ok", usage, cost, attempts);
        } else {
            decision.admission().settle(decision.inputTokens(), decision.reservedMicros());
            recorder.done(candidate, "ok (no usage reported)", null, decision.reservedMicros(), attempts);
        }
    }

    /** Each call's outcome feeds the live statistics routing reads and the deployment's circuit breaker. */
    private final class Outcomes {
        void record(RouteCandidate candidate, long micros, boolean success) {
            policy.stats().recordCall(candidate.deploymentId(), micros, success);
            policy.breakers().record(candidate.deploymentId(), candidate.provider().resilience(), success, System.currentTimeMillis());
        }
    }

    /** Writes the generation record once the outcome is known. */
    private final class Recorder {
        private final String id;
        private final Decision.Admitted decision;
        private final boolean stream;
        private final java.time.Instant created = java.time.Instant.now();

        Recorder(String id, Decision.Admitted decision, boolean stream) {
            this.id = id;
            this.decision = decision;
            this.stream = stream;
        }

        void done(RouteCandidate served, String outcome, Usage usage, long costMicros, List<Attempt> attempts) {
            generations.record(new Generation(id, decision.team(), decision.key(), decision.alias(),
                    served == null ? null : served.providerId(), served == null ? null : served.candidate().model(), stream,
                    outcome, usage == null ? 0 : usage.inputTokens(), usage == null ? 0 : usage.outputTokens(), costMicros,
                    List.copyOf(attempts), created));
            boolean ok = served != null && (outcome.startsWith("ok") || outcome.equals("client disconnected"));
            metrics.answered(decision.team(), decision.alias(), served == null ? null : served.providerId(), ok,
                    usage == null ? 0 : usage.inputTokens(), usage == null ? 0 : usage.outputTokens(), costMicros,
                    attempts.isEmpty() ? 0 : attempts.get(attempts.size() - 1).latencyMicros(), ok && attempts.size() > 1);
            // One usage event per call that reached a provider; the serving call (the last) carries usage and cost.
            for (int i = 0; i < attempts.size(); i++) {
                Attempt a = attempts.get(i);
                if (a.status() == 0 && a.latencyMicros() == 0) {
                    continue; // skipped without a call: no credential, open circuit
                }
                boolean serving = served != null && i == attempts.size() - 1;
                Usage u = serving && usage != null ? usage : Usage.tokens(0, 0);
                int slash = a.deployment().indexOf('/');
                ledger.submit(new UsageRecord(id, i + 1, decision.team(), decision.key(), decision.alias(),
                        slash < 0 ? a.deployment() : a.deployment().substring(0, slash),
                        slash < 0 ? "" : a.deployment().substring(slash + 1), u.inputTokens(), u.cachedInputTokens(),
                        u.outputTokens(), 0, (int) u.images(), 0, a.latencyMicros(), a.status(), a.outcome(), stream,
                        serving ? costMicros : 0, created));
            }
        }
    }

    private static String json(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** Writes one SSE event to the client; false when the client is gone. */
    private static boolean write(OutputStream out, String event) {
        try {
            out.write(event.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Usage usage(JsonNode usage) {
        long prompt = Math.max(0, usage.path("prompt_tokens").asLong(0));
        long cached = Math.min(prompt, Math.max(0, usage.path("prompt_tokens_details").path("cached_tokens").asLong(0)));
        long completion = Math.max(0, usage.path("completion_tokens").asLong(0));
        return new Usage(prompt, cached, completion, 0);
    }

    private static String upstreamMessage(UpstreamFailure failure) {
        try {
            String message = JSON.readTree(failure.body()).path("error").path("message").asText("");
            return message.isEmpty() ? failure.reason() : message;
        } catch (IOException | RuntimeException e) {
            return failure.reason();
        }
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
