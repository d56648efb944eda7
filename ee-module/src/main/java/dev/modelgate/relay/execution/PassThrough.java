package dev.modelgate.relay.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.guard.AnswerGuard;
import dev.modelgate.policy.pricing.Usage;
import dev.modelgate.policy.routing.RouteCandidate;
import dev.modelgate.policy.tokens.TokenEstimator;
import dev.modelgate.relay.providers.NativeWire;
import dev.modelgate.relay.providers.TranslationException;
import dev.modelgate.relay.sse.SseEvent;
import dev.modelgate.relay.sse.SseReader;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * Answers of a deployment that speaks the client's own format (Anthropic's, for {@code /v1/messages}), passed to
 * the client as the provider sent them: a message byte for byte, a stream event by event. Usage is read on the way
 * for billing, as for translated answers; nothing is added to the body (Modelgate's extras travel in headers, and
 * {@value #WIRE_HEADER} tells the ingress that the answer is already in its client's format).
 *
 * <p>As with translated streams, the first event is read before anything is sent, so a stream that ends or breaks
 * before it fails over; a later break is billed for what was delivered and ends with the format's error event.
 */
final class PassThrough {

    /** Names the wire format of an answer that passed through; absent on answers in OpenAI's format. */
    static final String WIRE_HEADER = "x-modelgate-wire";

    private final ObjectMapper json;
    private final Supplier<TokenEstimator> tokens;

    PassThrough(ObjectMapper json, Supplier<TokenEstimator> tokens) {
        this.json = json;
        this.tokens = tokens;
    }

    /** The client's answer, or null when the provider's answer cannot be read (the relay tries the next deployment). */
    Response answer(Exchange exchange, RouteCandidate candidate, NativeWire wire, String format, InputStream in, long micros) {
        byte[] body;
        Usage usage;
        JsonNode answer;
        try (in) {
            body = in.readAllBytes();
            answer = json.readTree(body);
            usage = wire.usage(answer == null ? json.missingNode() : answer);
        } catch (IOException e) { // a TranslationException is one too: not an answer of the format
            exchange.called(candidate, 200, "unreadable answer", micros, false);
            return null;
        }
        exchange.called(candidate, 200, "ok", micros, true);
        long cost = exchange.settle(candidate, usage);
        exchange.done(candidate, "ok", usage, cost);
        AnswerGuard guard = exchange.answerGuard();
        List<String> fired = List.of();
        if (guard != null && answer instanceof ObjectNode tree) {
            // Only with guardrails on answers is the provider's answer written again; else it goes out byte for byte.
            NativeWire.AnswerFilter screen = wire.screen(guard);
            screen.screenWhole(tree);
            fired = screen.firedBy();
            try {
                body = json.writeValueAsBytes(tree);
            } catch (IOException e) {
                throw new IllegalStateException("a screened answer could not be written", e);
            }
        }
        Response.ResponseBuilder ok = exchange.servedBy(Response.ok(body, MediaType.APPLICATION_JSON), candidate)
                .header(WIRE_HEADER, format).header("x-modelgate-cost", Exchange.usd(cost));
        if (!fired.isEmpty()) {
            ok.header(AnswerScreen.GUARDRAILS_HEADER, String.join(",", fired));
        }
        return ok.build();
    }

    /** The client's stream, or null when it ended or broke before its first event (the relay fails over). */
    Response stream(Exchange exchange, RouteCandidate candidate, NativeWire wire, String format, InputStream in, long micros) {
        SseReader reader = new SseReader(in);
        NativeWire.StreamMeter meter = wire.stream();
        SseEvent first;
        try {
            first = reader.next();
            if (first != null) {
                meter.see(first);
            }
        } catch (IOException | RuntimeException e) { // a TranslationException is the provider's error event
            first = null;
        }
        if (first == null) {
            try {
                reader.close();
            } catch (IOException e) {
                // closing a broken stream: nothing left to do
            }
            exchange.called(candidate, 200, "stream ended before its first event", micros, false);
            return null;
        }
        SseEvent firstEvent = first;
        StreamingOutput output = out -> pipe(exchange, candidate, wire, meter, reader, firstEvent, out, micros);
        return exchange.servedBy(Response.ok(output, "text/event-stream").header("Cache-Control", "no-cache"), candidate)
                .header(WIRE_HEADER, format).build();
    }

    private void pipe(Exchange exchange, RouteCandidate candidate, NativeWire wire, NativeWire.StreamMeter meter,
                      SseReader reader, SseEvent first, OutputStream out, long micros) {
        boolean clientGone = false;
        String brokenBecause = "The provider's stream broke off before the answer was complete.";
        AnswerGuard guard = exchange.answerGuard();
        NativeWire.AnswerFilter screen = guard == null ? null : wire.screen(guard);
        try (reader) {
            for (SseEvent event = first; event != null && !clientGone; event = reader.next()) {
                if (event != first) {
                    meter.see(event);
                }
                for (SseEvent sent : screen == null ? List.of(event) : screen.screen(event)) {
                    if (!write(out, sent)) {
                        clientGone = true;
                        break; // leaving the block closes the upstream stream: the provider call is cancelled
                    }
                }
                if (meter.finished()) {
                    break;
                }
            }
        } catch (TranslationException e) {
            brokenBecause = e.getMessage();
        } catch (IOException | RuntimeException e) {
            // the provider broke mid-answer: reported below
        }
        if (meter.finished()) {
            Usage usage = meter.usage();
            exchange.called(candidate, 200, "ok", micros, true);
            exchange.done(candidate, "ok", usage, exchange.settle(candidate, usage));
            return;
        }
        // Cut short: billed for what was delivered, the prompt as reported (or counted) and the text sent so far.
        Usage reported = meter.usage();
        long input = reported.inputTokens() > 0 ? reported.inputTokens() : exchange.unreportedInputTokens();
        long output = meter.outputReported() ? reported.outputTokens()
                : tokens.get().countText(meter.delivered(), candidate.candidate().model());
        Usage billed = reported.inputTokens() > 0
                ? new Usage(input, reported.cachedInputTokens(), reported.cacheWrite5mTokens(), reported.cacheWrite1hTokens(), output, 0, 0)
                : Usage.tokens(input, output);
        if (clientGone) {
            exchange.ended(candidate, StreamPipe.CLIENT_LEFT, micros);
        } else {
            exchange.called(candidate, 200, StreamPipe.PROVIDER_CUT, micros, false);
            write(out, wire.broken(brokenBecause));
        }
        exchange.done(candidate, clientGone ? StreamPipe.CLIENT_LEFT : StreamPipe.PROVIDER_CUT, billed, exchange.settle(candidate, billed));
    }

    /** Writes one event as the provider named it; false when the client is gone. */
    private static boolean write(OutputStream out, SseEvent event) {
        try {
            String data = event.data().replace("\n", "\ndata: "); // each line of multi-line data is a data field
            String wire = (event.event() == null ? "" : "event: " + event.event() + "\n") + "data: " + data + "\n\n";
            out.write(wire.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
