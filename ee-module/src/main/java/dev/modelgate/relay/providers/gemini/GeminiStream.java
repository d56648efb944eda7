package dev.modelgate.relay.providers.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    private final String id;
    private final long created;
    private String model;
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
        this.id = id;
        this.model = model;
        this.created = created;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent event) throws TranslationException {
        JsonNode response = parse(event.data());
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
        model = response.path("modelVersion").asText(model);
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
                out.add(chunk(index, delta(state).put("content", text), null));
            }
            ArrayNode calls = GeminiAnswers.toolCalls(candidate, responseId, index, state.toolCalls);
            if (!calls.isEmpty()) {
                for (JsonNode call : calls) {
                    // a stream delta says which call it belongs to; Gemini sends each call whole, so one delta per call
                    ((ObjectNode) call).put("index", state.toolCalls++);
                }
                ObjectNode delta = delta(state);
                delta.set("tool_calls", calls);
                out.add(chunk(index, delta, null));
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
                out.add(chunk(index, JSON.createObjectNode(), GeminiAnswers.finishReason(state.finishReason, state.toolCalls > 0))));
        if (usageMetadata != null) {
            ObjectNode usageChunk = header();
            usageChunk.putArray("choices");
            usageChunk.set("usage", GeminiAnswers.usage(usageMetadata));
            out.add(SseEvent.data(usageChunk.toString()));
        }
        out.add(SseEvent.DONE);
        return out;
    }

    @Override
    public boolean finished() {
        return ended;
    }

    private static JsonNode parse(String data) throws TranslationException {
        try {
            JsonNode node = JSON.readTree(data);
            if (node == null || !node.isObject()) {
                throw new TranslationException("The provider's stream sent an event that is not a JSON object.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new TranslationException("The provider's stream sent an event that is not valid JSON.");
        }
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

    private SseEvent chunk(int index, ObjectNode delta, String finishReason) {
        ObjectNode chunk = header();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", index);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return SseEvent.data(chunk.toString());
    }

    private ObjectNode header() {
        ObjectNode chunk = JSON.createObjectNode();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        return chunk;
    }
}
