package dev.modelgate.relay.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.budget.Micros;
import dev.modelgate.policy.eval.Decision;
import dev.modelgate.policy.guard.AnswerGuard;
import dev.modelgate.policy.pricing.Usage;
import dev.modelgate.policy.routing.RouteCandidate;
import dev.modelgate.policy.tokens.TokenEstimator;
import dev.modelgate.relay.providers.TranslationException;
import dev.modelgate.relay.sse.SseEvent;
import dev.modelgate.relay.sse.SseReader;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Forwards a provider's OpenAI-shaped SSE stream to the client as each event arrives. Usage is read from
 * the final usage chunk (which the relay always asks for) and dropped when the client did not ask for it.
 *
 * <p>The first event is read before anything is sent to the client: a stream that ends or breaks before it
 * has reached nobody yet, so the relay fails over to the next deployment. A stream that breaks off later
 * (the provider cut it, or the client left) is recorded as interrupted and billed for the text the provider sent:
 * the prompt as estimated, and the answer text it sent so far (also what the answer guardrails still held back),
 * counted with the model's tokenizer.
 * A provider cut also ends the client's stream with an SSE error event, never a clean end.
 */
final class StreamPipe {

    /** The outcome of a stream that did not end with the provider's {@code [DONE]}. */
    static final String CLIENT_LEFT = "interrupted: client disconnected";
    static final String PROVIDER_CUT = "interrupted: stream cut";

    private final ObjectMapper json;
    private final Supplier<TokenEstimator> tokens;

    /** @param tokens the policy's estimator (its tokenizers are loaded once), looked up when a stream is interrupted */
    StreamPipe(ObjectMapper json, Supplier<TokenEstimator> tokens) {
        this.json = json;
        this.tokens = tokens;
    }

    /**
     * The client's answer, or null when the stream ended or broke before its first event: nothing reached the
     * client, so the caller tries the next deployment (the failed call is already recorded).
     */
    Response respond(Exchange exchange, RouteCandidate candidate, InputStream in, boolean clientWantsUsage, long headersMicros) {
        SseReader reader = new SseReader(in);
        SseEvent first;
        long reading = System.nanoTime();
        // The call's time to its first chunk, not only to the answer's headers: the time to first token that clients feel.
        long firstByteMicros;
        try {
            first = reader.next();
        } catch (IOException | RuntimeException e) { // a TranslationException is the provider's error event
            first = null;
        }
        firstByteMicros = headersMicros + (System.nanoTime() - reading) / 1000;
        if (first == null) {
            closeQuietly(reader);
            exchange.called(candidate, 200, "stream ended before its first chunk", firstByteMicros, false);
            return null;
        }
        SseEvent firstEvent = first;
        StreamingOutput output = out -> pipe(exchange, candidate, reader, firstEvent, out, clientWantsUsage, firstByteMicros);
        return exchange.servedBy(Response.ok(output, "text/event-stream").header("Cache-Control", "no-cache"), candidate).build();
    }

    private void pipe(Exchange exchange, RouteCandidate candidate, SseReader reader, SseEvent first, OutputStream out,
                      boolean clientWantsUsage, long firstByteMicros) {
        Decision.Admitted decision = exchange.decision();
        Usage usage = null;
        long cost = 0;
        boolean done = false;
        boolean clientGone = false;
        StringBuilder sent = new StringBuilder(); // the provider's text, as it sent it: what it bills
        AnswerGuard guard = exchange.answerGuard();
        AnswerScreen screen = guard == null ? null : new AnswerScreen(guard);
        ObjectNode last = null;
        String brokenBecause = "The provider's stream broke off before the answer was complete.";
        try (reader) {
            SseEvent event = first;
            for (; event != null; event = reader.next()) {
                String data = event.data().trim();
                if (data.equals("[DONE]")) {
                    done = true; // passed on below, once the usage is recorded: a client that has the end has been billed
                    break;
                }
                JsonNode chunk = json.readTree(data);
                // Counted before the answer guardrails hold any back or redact it: the provider bills what it generated.
                collectText(chunk, sent);
                if (data.indexOf('\n') >= 0) {
                    data = json.writeValueAsString(chunk); // one line per data field on the way out
                }
                if (screen != null && chunk instanceof ObjectNode o) {
                    last = o;
                    if (!screen.screenChunk(o)) {
                        continue; // all its text held back by the answer guardrails, for now
                    }
                    data = json.writeValueAsString(o);
                }
                if (chunk.hasNonNull("usage")) {
                    usage = Usages.ofTokens(chunk.get("usage"));
                    cost = Exchange.price(candidate, usage);
                    if (chunk.path("choices").isEmpty() && !clientWantsUsage) {
                        continue;
                    }
                    if (chunk instanceof ObjectNode o && o.get("usage") instanceof ObjectNode u) {
                        u.put("cost", Micros.toUsd(cost));
                        data = json.writeValueAsString(o);
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
        if (!done) {
            // The provider's usage chunk comes last, so an interrupted stream has none: bill the text it sent, also
            // what the answer guardrails still held back when it stopped.
            Usage billed = usage != null ? usage : Usage.tokens(exchange.unreportedInputTokens(),
                    tokens.get().countText(sent.toString(), candidate.candidate().model()));
            long billedCost = usage != null ? cost : Exchange.price(candidate, billed);
            if (clientGone) {
                // The client went away, not the provider: no failure is counted against the deployment.
                exchange.ended(candidate, CLIENT_LEFT, firstByteMicros);
            } else {
                exchange.called(candidate, 200, PROVIDER_CUT, firstByteMicros, false);
            }
            exchange.done(candidate, clientGone ? CLIENT_LEFT : PROVIDER_CUT, billed, exchange.settle(billed, billedCost));
            if (!clientGone) {
                ObjectNode error = json.createObjectNode();
                error.putObject("error").put("message", brokenBecause)
                        .put("type", "upstream_error").put("code", "stream_interrupted").putNull("param");
                write(out, "data: " + error + "\n\n");
            }
            return;
        }
        exchange.called(candidate, 200, "ok", firstByteMicros, true);
        if (usage != null) {
            exchange.done(candidate, "ok", usage, exchange.settle(usage, cost));
        } else {
            decision.admission().settle(decision.inputTokens(), decision.reservedMicros());
            exchange.done(candidate, "ok (no usage reported)", null, decision.reservedMicros());
        }
        if (screen != null && last != null) {
            for (ObjectNode closing : screen.closing(last)) {
                write(out, "data: " + closing + "\n\n"); // a node's toString is its compact JSON
            }
        }
        write(out, "data: [DONE]\n\n");
    }

    /** The answer text a chunk carries: chat deltas (content, refusals, tool-call arguments) or a completion's text. */
    private static void collectText(JsonNode chunk, StringBuilder delivered) {
        for (JsonNode choice : chunk.path("choices")) {
            JsonNode delta = choice.path("delta");
            delivered.append(delta.path("content").asText("")).append(delta.path("refusal").asText(""))
                    .append(choice.path("text").asText(""));
            for (JsonNode call : delta.path("tool_calls")) {
                delivered.append(call.path("function").path("name").asText("")).append(call.path("function").path("arguments").asText(""));
            }
        }
    }

    private static void closeQuietly(SseReader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            // closing a broken stream: nothing left to do
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
}
