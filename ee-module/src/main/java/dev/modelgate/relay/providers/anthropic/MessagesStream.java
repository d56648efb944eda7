package dev.modelgate.relay.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.relay.sse.SseEvent;
import dev.modelgate.relay.sse.SseTranslator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The relay's OpenAI chunks as Anthropic's stream: {@code message_start}, then per content block
 * {@code content_block_start}, deltas ({@code text_delta}, or {@code input_json_delta} carrying a tool
 * call's argument fragments as they come) and {@code content_block_stop}, then {@code message_delta}
 * with the stop reason and usage, and {@code message_stop} on OpenAI's {@code [DONE]}.
 *
 * <p>OpenAI sends the finish reason in one chunk and the usage in a later one; {@code message_delta} waits
 * for both (or for {@code [DONE]}, when a provider sent no usage). An OpenAI error event, the relay's
 * report of a stream that broke, becomes Anthropic's {@code error} event and ends the stream without
 * {@code message_stop}, as does a source that ends without {@code [DONE]}: a cut answer must never look
 * complete. Never throws: an exception here would read to the relay as the client having gone.
 */
public final class MessagesStream implements SseTranslator {

    private final ObjectMapper json;
    private final String messageId;
    private final String fallbackModel;
    private final List<String> stopSequences;

    private boolean started;
    private boolean finished;
    private int nextIndex;
    private int openIndex = -1;
    private boolean openIsText;
    /** OpenAI's tool call index to the content block index it streams into. */
    private final Map<Integer, Integer> toolBlocks = new HashMap<>();
    private StopReason stop;
    private JsonNode usage;
    private boolean deltaSent;

    /**
     * @param messageId     the id for {@code message_start}
     * @param fallbackModel the model to report if the chunks name none
     */
    public MessagesStream(ObjectMapper json, String messageId, String fallbackModel, List<String> stopSequences) {
        this.json = json;
        this.messageId = messageId;
        this.fallbackModel = fallbackModel;
        this.stopSequences = stopSequences;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent event) {
        List<SseEvent> out = new ArrayList<>();
        if (finished) {
            return out;
        }
        if (event.data().equals("[DONE]")) {
            done(out);
            return out;
        }
        JsonNode chunk;
        try {
            chunk = json.readTree(event.data());
        } catch (IOException e) {
            return fail(out, "The provider's stream could not be read.");
        }
        if (chunk.path("error").isObject()) {
            String message = chunk.path("error").path("message").asText("");
            return fail(out, message.isEmpty() ? "The provider's stream broke off before the answer was complete." : message);
        }
        start(chunk.path("model").asText(""), out);
        JsonNode choice = chunk.path("choices").path(0);
        if (choice.isObject()) {
            JsonNode delta = choice.path("delta");
            text(delta.path("content"), out);
            text(delta.path("refusal"), out);
            for (JsonNode call : delta.path("tool_calls")) {
                if (!toolCall(call, out)) {
                    return fail(out, "The provider interleaved tool calls in a way Anthropic's stream format cannot carry.");
                }
            }
            if (choice.path("finish_reason").isTextual()) {
                close(out);
                stop = StopReason.of(choice.path("finish_reason").textValue(), choice, stopSequences);
            }
        }
        if (chunk.path("usage").isObject()) {
            usage = chunk.path("usage");
        }
        if (stop != null && usage != null && !deltaSent) {
            messageDelta(out);
        }
        return out;
    }

    @Override
    public List<SseEvent> onEnd() {
        List<SseEvent> out = new ArrayList<>();
        if (!finished) {
            fail(out, "The stream ended before the answer was complete.");
        }
        return out;
    }

    @Override
    public boolean finished() {
        return finished;
    }

    private void start(String model, List<SseEvent> out) {
        if (started) {
            return;
        }
        started = true;
        ObjectNode event = json.createObjectNode().put("type", "message_start");
        ObjectNode message = event.putObject("message")
                .put("id", messageId)
                .put("type", "message")
                .put("role", "assistant")
                .put("model", model.isEmpty() ? fallbackModel : model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        // OpenAI reports input tokens only at the end; message_delta carries them then.
        message.putObject("usage").put("input_tokens", 0).put("cache_creation_input_tokens", 0)
                .put("cache_read_input_tokens", 0).put("output_tokens", 0);
        out.add(emit("message_start", event));
    }

    private void text(JsonNode text, List<SseEvent> out) {
        if (!text.isTextual() || text.textValue().isEmpty()) {
            return;
        }
        if (openIndex < 0 || !openIsText) {
            close(out);
            openIndex = nextIndex++;
            openIsText = true;
            ObjectNode event = json.createObjectNode().put("type", "content_block_start").put("index", openIndex);
            event.putObject("content_block").put("type", "text").put("text", "");
            out.add(emit("content_block_start", event));
        }
        ObjectNode event = json.createObjectNode().put("type", "content_block_delta").put("index", openIndex);
        event.putObject("delta").put("type", "text_delta").put("text", text.textValue());
        out.add(emit("content_block_delta", event));
    }

    /** False when a fragment belongs to a tool call whose block is already closed. */
    private boolean toolCall(JsonNode call, List<SseEvent> out) {
        int openAiIndex = call.path("index").asInt(0);
        Integer block = toolBlocks.get(openAiIndex);
        if (block == null) {
            close(out);
            block = nextIndex++;
            toolBlocks.put(openAiIndex, block);
            openIndex = block;
            openIsText = false;
            ObjectNode event = json.createObjectNode().put("type", "content_block_start").put("index", block);
            ObjectNode content = event.putObject("content_block").put("type", "tool_use")
                    .put("id", call.path("id").asText("call_" + messageId + "_" + openAiIndex))
                    .put("name", call.path("function").path("name").asText(""));
            content.putObject("input");
            out.add(emit("content_block_start", event));
        }
        String fragment = call.path("function").path("arguments").asText("");
        if (fragment.isEmpty()) {
            return true;
        }
        if (block != openIndex) {
            return false;
        }
        ObjectNode event = json.createObjectNode().put("type", "content_block_delta").put("index", block);
        event.putObject("delta").put("type", "input_json_delta").put("partial_json", fragment);
        out.add(emit("content_block_delta", event));
        return true;
    }

    private void close(List<SseEvent> out) {
        if (openIndex < 0) {
            return;
        }
        out.add(emit("content_block_stop", json.createObjectNode().put("type", "content_block_stop").put("index", openIndex)));
        openIndex = -1;
    }

    private void messageDelta(List<SseEvent> out) {
        deltaSent = true;
        StopReason reason = stop != null ? stop : new StopReason("end_turn", null);
        ObjectNode event = json.createObjectNode().put("type", "message_delta");
        event.putObject("delta").put("stop_reason", reason.reason()).put("stop_sequence", reason.sequence());
        MessagesUsage.write(usage != null ? usage : json.createObjectNode(), event.putObject("usage"));
        out.add(emit("message_delta", event));
    }

    private void done(List<SseEvent> out) {
        start(fallbackModel, out);
        close(out);
        if (!deltaSent) {
            messageDelta(out); // a provider that sent no usage chunk: the stop reason still has to reach the client
        }
        out.add(emit("message_stop", json.createObjectNode().put("type", "message_stop")));
        finished = true;
    }

    private List<SseEvent> fail(List<SseEvent> out, String message) {
        ObjectNode event = json.createObjectNode().put("type", "error");
        event.putObject("error").put("type", "api_error").put("message", message);
        out.add(emit("error", event));
        finished = true;
        return out;
    }

    private static SseEvent emit(String name, ObjectNode data) {
        return SseEvent.named(name, data.toString());
    }
}
