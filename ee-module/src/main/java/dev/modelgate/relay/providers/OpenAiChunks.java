package dev.modelgate.relay.providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.relay.sse.SseEvent;

import java.util.function.UnaryOperator;

/**
 * OpenAI {@code chat.completion.chunk}s as a translating adapter writes them: every chunk of one stream
 * carries the same id, time and model, so the stream translators build them here rather than each its own
 * way, and the relay reads usage from the one shape it knows.
 *
 * @param created epoch seconds
 */
public record OpenAiChunks(String id, String model, long created) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The same stream under the model name a later event reported. */
    public OpenAiChunks withModel(String newModel) {
        return newModel.equals(model) ? this : new OpenAiChunks(id, newModel, created);
    }

    /** A chunk with one choice's delta; {@code finishReason} null while the choice goes on. */
    public SseEvent choice(int index, ObjectNode delta, String finishReason) {
        ObjectNode chunk = header();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", index);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        return SseEvent.data(chunk.toString());
    }

    /** The final usage chunk, with empty choices, as OpenAI sends it for {@code include_usage}. */
    public SseEvent usage(ObjectNode usage) {
        ObjectNode chunk = header();
        chunk.putArray("choices");
        chunk.set("usage", usage);
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

    /**
     * A provider event's data, which must be a JSON object.
     *
     * @param message words the failure for the client, given what was wrong ("not valid JSON", "not a JSON object")
     */
    public static JsonNode object(String data, UnaryOperator<String> message) throws TranslationException {
        JsonNode node;
        try {
            node = JSON.readTree(data);
        } catch (JsonProcessingException e) {
            throw new TranslationException(message.apply("not valid JSON"));
        }
        if (node == null || !node.isObject()) {
            throw new TranslationException(message.apply("not a JSON object"));
        }
        return node;
    }
}
