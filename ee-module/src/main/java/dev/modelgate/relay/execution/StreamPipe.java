package dev.modelgate.relay.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.budget.Micros;
import dev.modelgate.policy.eval.Decision;
import dev.modelgate.policy.pricing.Usage;
import dev.modelgate.policy.routing.RouteCandidate;
import dev.modelgate.relay.providers.TranslationException;
import dev.modelgate.relay.sse.SseEvent;
import dev.modelgate.relay.sse.SseReader;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Forwards a provider's OpenAI-shaped SSE stream to the client as each event arrives. Usage is read from
 * the final usage chunk (which the relay always asks for) and dropped when the client did not ask for it.
 * A stream that breaks off ends with an SSE error event and is recorded as failed, never as a clean end.
 */
final class StreamPipe {

    private final ObjectMapper json;

    StreamPipe(ObjectMapper json) {
        this.json = json;
    }

    Response respond(Exchange exchange, RouteCandidate candidate, InputStream in, boolean clientWantsUsage, long firstByteMicros) {
        StreamingOutput output = out -> pipe(exchange, candidate, in, out, clientWantsUsage, firstByteMicros);
        return exchange.servedBy(Response.ok(output, "text/event-stream").header("Cache-Control", "no-cache"), candidate).build();
    }

    private void pipe(Exchange exchange, RouteCandidate candidate, InputStream in, OutputStream out, boolean clientWantsUsage,
                      long firstByteMicros) {
        Decision.Admitted decision = exchange.decision();
        Usage usage = null;
        long cost = 0;
        boolean done = false;
        boolean clientGone = false;
        String brokenBecause = "The provider's stream broke off before the answer was complete.";
        try (SseReader reader = new SseReader(in)) {
            SseEvent event;
            while ((event = reader.next()) != null) {
                String data = event.data().trim();
                if (data.equals("[DONE]")) {
                    done = true;
                    clientGone = !write(out, "data: [DONE]\n\n");
                    break;
                }
                JsonNode chunk = json.readTree(data);
                if (data.indexOf('\n') >= 0) {
                    data = json.writeValueAsString(chunk); // one line per data field on the way out
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
        if (clientGone && !done) {
            // The client went away, not the provider: no failure is counted against the deployment. The tokens
            // generated so far are unknown, so the reservation is charged as the upper bound of what the
            // provider bills for the cancelled call.
            exchange.ended(candidate, "client disconnected", firstByteMicros);
            decision.admission().settle(decision.inputTokens() + decision.outputTokens(), decision.reservedMicros());
            exchange.done(candidate, "client disconnected", usage, decision.reservedMicros());
            return;
        }
        if (!done) {
            exchange.called(candidate, 200, "stream interrupted", firstByteMicros, false);
            decision.admission().release(); // no usage known for a broken stream; settlement records it as failed
            exchange.done(candidate, "stream interrupted", usage, 0);
            ObjectNode error = json.createObjectNode();
            error.putObject("error").put("message", brokenBecause)
                    .put("type", "upstream_error").put("code", "stream_interrupted").putNull("param");
            write(out, "data: " + error + "\n\n");
            return;
        }
        exchange.called(candidate, 200, "ok", firstByteMicros, true);
        if (usage != null) {
            exchange.done(candidate, "ok", usage, exchange.settle(usage, cost));
        } else {
            decision.admission().settle(decision.inputTokens(), decision.reservedMicros());
            exchange.done(candidate, "ok (no usage reported)", null, decision.reservedMicros());
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
