package dev.modelgate.relay.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.policy.budget.Micros;
import dev.modelgate.policy.guard.AnswerGuard;
import dev.modelgate.policy.pricing.Usage;
import dev.modelgate.policy.request.Endpoint;
import dev.modelgate.policy.routing.RouteCandidate;
import dev.modelgate.relay.providers.CallResult;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.IOException;
import java.io.InputStream;

/**
 * Turns a provider's successful, non-streamed answer into the client's: metered, priced, settled and
 * recorded, with the serving provider named. Returns null for an answer that cannot be read, so the
 * relay tries the next deployment.
 */
final class Answers {

    private final ObjectMapper json;

    Answers(ObjectMapper json) {
        this.json = json;
    }

    Response answer(Endpoint endpoint, Exchange exchange, RouteCandidate candidate, CallResult result, long micros) {
        return switch (endpoint) {
            case AUDIO_SPEECH -> audio(exchange, candidate, result, micros);
            case AUDIO_TRANSCRIPTIONS -> transcript(exchange, candidate, result, micros);
            default -> jsonAnswer(endpoint, exchange, candidate, result.answer(), micros);
        };
    }

    private Response jsonAnswer(Endpoint endpoint, Exchange exchange, RouteCandidate candidate, InputStream in, long micros) {
        AnswerEdits answer;
        try (in) {
            String expected = endpoint == Endpoint.EMBEDDINGS || endpoint == Endpoint.IMAGES_GENERATIONS ? "data" : "choices";
            answer = AnswerEdits.read(json, in.readAllBytes(), expected);
            if (!answer.hasExpected()) {
                throw new IOException("not an answer of " + endpoint.path());
            }
        } catch (IOException e) {
            exchange.called(candidate, 200, "unreadable answer", micros, false);
            return null;
        }
        Usages.Metered metered = Usages.ofAnswer(json, endpoint, answer, exchange::unreportedInputTokens);
        exchange.called(candidate, 200, metered.outcome(), micros, true);
        long cost = exchange.settle(candidate, metered.usage());
        exchange.done(candidate, metered.outcome(), metered.usage(), cost);
        // Embeddings and images answers have no id in OpenAI's format.
        String id = endpoint == Endpoint.CHAT_COMPLETIONS || endpoint == Endpoint.COMPLETIONS ? exchange.id() : null;
        try {
            byte[] body = answer.write(json, id, candidate.providerId(), Micros.toUsd(cost), metered.estimate());
            AnswerGuard guard = endpoint == Endpoint.CHAT_COMPLETIONS || endpoint == Endpoint.COMPLETIONS ? exchange.answerGuard() : null;
            if (guard == null) {
                return exchange.servedBy(Response.ok(body, MediaType.APPLICATION_JSON), candidate).build();
            }
            // Only with guardrails on answers: the answer is read as a tree, screened and written again.
            JsonNode tree = json.readTree(body);
            AnswerScreen screen = new AnswerScreen(guard);
            screen.screenWhole(tree);
            Response.ResponseBuilder ok = exchange.servedBy(Response.ok(json.writeValueAsBytes(tree), MediaType.APPLICATION_JSON), candidate);
            if (!screen.firedBy().isEmpty()) {
                ok.header(AnswerScreen.GUARDRAILS_HEADER, String.join(",", screen.firedBy()));
            }
            return ok.build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /**
     * Speech is audio, passed on as it streams in. Providers report no usage for it, so the input is billed
     * as the relay estimated it (plus any per-request price); the cost travels in a header.
     */
    private Response audio(Exchange exchange, RouteCandidate candidate, CallResult result, long micros) {
        exchange.called(candidate, 200, "ok", micros, true);
        Usage usage = Usage.tokens(exchange.unreportedInputTokens(), 0);
        long cost = exchange.settle(candidate, usage);
        exchange.done(candidate, "ok", usage, cost);
        InputStream in = result.answer();
        StreamingOutput output = out -> {
            try (in) {
                in.transferTo(out);
            }
        };
        return exchange.servedBy(Response.ok(output, result.contentType()), candidate)
                .header("x-modelgate-cost", Exchange.usd(cost)).build();
    }

    /**
     * A transcript is JSON, plain text or subtitles, as the client asked (response_format); passed on as
     * it came. Usage is read when the provider reports it in JSON (token-billed transcription models).
     */
    private Response transcript(Exchange exchange, RouteCandidate candidate, CallResult result, long micros) {
        byte[] text;
        try (InputStream in = result.answer()) {
            text = in.readAllBytes();
        } catch (IOException e) {
            exchange.called(candidate, 200, "unreadable answer", micros, false);
            return null;
        }
        exchange.called(candidate, 200, "ok", micros, true);
        Usage usage = Usages.ofTranscript(json, text, result.contentType());
        long cost = exchange.settle(candidate, usage);
        exchange.done(candidate, "ok", usage, cost);
        return exchange.servedBy(Response.ok(text, result.contentType()), candidate)
                .header("x-modelgate-cost", Exchange.usd(cost)).build();
    }
}
