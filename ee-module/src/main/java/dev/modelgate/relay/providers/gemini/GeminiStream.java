package dev.modelgate.relay.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.relay.providers.OpenAiChunks;
import dev.modelgate.relay.providers.TranslationException;
import dev.modelgate.relay.sse.SseEvent;
import dev.modelgate.relay.sse.SseTranslator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gemini's {@code streamGenerateContent?alt=sse} stream as OpenAI chat completion chunks. Each Gemini event
 * is a whole {@code GenerateContentResponse} holding the next piece of text, or whole function calls. The
 * stream has no terminator: it simply ends, so it counts as complete only if every candidate gave a
 * finish reason; then the finish chunks, the usage chunk (as with {@code include_usage}, which the relay
 * needs for metering) and {@code [DONE]} are sent.
 */
public final class GeminiStream implements SseTranslator {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The model may change: Gemini's events name the exact model version that answered. */
    private OpenAiChunks chunks;
    private String responseId = "";
    private final Map<Integer, CandidateState> candidates = new TreeMap<>();
    private JsonNode usageMetadata;
    private boolean ended;

    /** What the stream said so far about one candidate (one OpenAI choice). */
    private static final class CandidateState {
        boolean roleSent;
        int toolCalls;
        String finishReason;
    }

    public GeminiStream(String id, String model, long created) {
        this.chunks = new OpenAiChunks(id, model, created);
    }

    @Override
    public List<SseEvent> onEvent(SseEvent event) throws TranslationException {
        JsonNode response = OpenAiChunks.object(event.data(), what -> "The provider's stream sent an event that is " + what + ".");
        JsonNode error = response.get("error");
        if (error != null) {
            String status = error.path("status").asText("");
            throw new TranslationException("The provider reported an error: " + error.path("message").asText("unknown error")
                    + (status.isEmpty() ? "" : " (" + status + ")"));
        }
        String blocked = GeminiAnswers.blockedPrompt(response).orElse(null);
        if (blocked != null) {
            throw new TranslationException(blocked);
        }
        chunks = chunks.withModel(response.path("modelVersion").asText(chunks.model()));
        responseId = response.path("responseId").asText(responseId);
        if (response.has("usageMetadata")) {
            usageMetadata = response.get("usageMetadata"); // running totals: the last one counts
        }
        List<SseEvent> out = new ArrayList<>();
        for (JsonNode candidate : response.path("candidates")) {
            int index = candidate.path("index").asInt(0);
            CandidateState state = candidates.computeIfAbsent(index, i -> new CandidateState());
            String text = GeminiAnswers.text(candidate);
            if (!text.isEmpty()) {
                out.add(chunks.choice(index, delta(state).put("content", text), null));
            }
            ArrayNode calls = GeminiAnswers.toolCalls(candidate, responseId, index, state.toolCalls);
            if (!calls.isEmpty()) {
                for (JsonNode call : calls) {
                    // a stream delta says which call it belongs to; Gemini sends each call whole, so one delta per call
                    ((ObjectNode) call).put("index", state.toolCalls++);
                }
                ObjectNode delta = delta(state);
                delta.set("tool_calls", calls);
                out.add(chunks.choice(index, delta, null));
            }
            if (candidate.hasNonNull("finishReason")) {
                state.finishReason = candidate.get("finishReason").asText();
            }
        }
        return out;
    }

    @Override
    public List<SseEvent> onEnd() throws TranslationException {
        ended = true;
        if (candidates.isEmpty() || candidates.values().stream().anyMatch(c -> c.finishReason == null)) {
            throw new TranslationException("The provider's stream ended before the answer was complete.");
        }
        List<SseEvent> out = new ArrayList<>();
        candidates.forEach((index, state) ->
                out.add(chunks.choice(index, JSON.createObjectNode(), GeminiAnswers.finishReason(state.finishReason, state.toolCalls > 0))));
        if (usageMetadata != null) {
            out.add(chunks.usage(GeminiAnswers.usage(usageMetadata)));
        }
        out.add(SseEvent.DONE);
        return out;
    }

    @Override
    public boolean finished() {
        return ended;
    }

    /** A delta, opened with the assistant role the first time the choice says anything, as OpenAI does. */
    private static ObjectNode delta(CandidateState state) {
        ObjectNode delta = JSON.createObjectNode();
        if (!state.roleSent) {
            delta.put("role", "assistant");
            state.roleSent = true;
        }
        return delta;
    }
}
