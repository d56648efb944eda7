package dev.modelgate.relay.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.relay.providers.OpenAiChunks;
import dev.modelgate.relay.providers.TranslationException;
import dev.modelgate.relay.sse.SseEvent;
import dev.modelgate.relay.sse.SseTranslator;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Anthropic's message stream as OpenAI {@code chat.completion.chunk}s. Anthropic streams content blocks
 * (text, tool_use, thinking) by index; OpenAI streams one delta per chunk and numbers tool calls among
 * themselves, so a tool_use block's position among the tool calls, not its block index, is the chunk's
 * {@code tool_calls[].index}. Usage arrives in two parts (input and cache counts in message_start, the
 * output count in message_delta) and leaves as OpenAI's final usage chunk with empty choices.
 */
public final class AnthropicStream implements SseTranslator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final long created;
    private final Map<Integer, Integer> toolCallByBlock = new HashMap<>();
    /** Set by message_start, which names the message and model every chunk repeats. */
    private OpenAiChunks chunks;
    private AnthropicUsage usage = AnthropicUsage.NONE;
    private boolean finished;

    /** @param created the chunks' time in epoch seconds: Anthropic's events carry none */
    public AnthropicStream(long created) {
        this.created = created;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent event) throws TranslationException {
        JsonNode data = OpenAiChunks.object(event.data(), what -> "Anthropic stream sent an event whose data is " + what);
        // Each event's data names its type; the SSE event name says the same and is only the fallback.
        String type = data.path("type").asText(event.event() == null ? "" : event.event());
        if (type.equals("error")) {
            JsonNode error = data.path("error");
            throw new TranslationException("Anthropic stream error (" + error.path("type").asText("unknown") + "): "
                    + error.path("message").asText(""));
        }
        if (chunks == null && !type.equals("message_start") && !type.equals("ping")) {
            throw new TranslationException("Anthropic stream sent " + type + " before message_start");
        }
        return switch (type) {
            case "message_start" -> messageStart(data.path("message"));
            case "content_block_start" -> blockStart(data.path("index").asInt(), data.path("content_block"));
            case "content_block_delta" -> blockDelta(data.path("index").asInt(), data.path("delta"));
            case "message_delta" -> messageDelta(data);
            case "message_stop" -> messageStop();
            // ping, content_block_stop, and event types added later: Anthropic's versioning policy says
            // new event types may appear and are to be ignored.
            default -> List.of();
        };
    }

    @Override
    public List<SseEvent> onEnd() throws TranslationException {
        if (!finished) {
            throw new TranslationException("Anthropic stream ended before message_stop");
        }
        return List.of(); // message_stop already sent [DONE]
    }

    @Override
    public boolean finished() {
        return finished;
    }

    private List<SseEvent> messageStart(JsonNode message) throws TranslationException {
        if (!message.hasNonNull("id")) {
            throw new TranslationException("Anthropic stream's message_start has no message id");
        }
        chunks = new OpenAiChunks("chatcmpl-" + message.get("id").asText(), message.path("model").asText(""), created);
        usage = AnthropicUsage.of(message.get("usage"));
        ObjectNode delta = JSON.createObjectNode();
        delta.put("role", "assistant");
        delta.put("content", "");
        return List.of(chunks.choice(0, delta, null));
    }

    private List<SseEvent> blockStart(int index, JsonNode block) {
        if (!block.path("type").asText().equals("tool_use")) {
            return List.of(); // a text block starts empty; its text comes in deltas
        }
        int toolCall = toolCallByBlock.size();
        toolCallByBlock.put(index, toolCall);
        ObjectNode call = JSON.createObjectNode();
        call.put("index", toolCall);
        call.put("id", block.path("id").asText(""));
        call.put("type", "function");
        ObjectNode function = call.putObject("function");
        function.put("name", block.path("name").asText(""));
        function.put("arguments", "");
        ObjectNode delta = JSON.createObjectNode();
        delta.putArray("tool_calls").add(call);
        return List.of(chunks.choice(0, delta, null));
    }

    private List<SseEvent> blockDelta(int index, JsonNode delta) throws TranslationException {
        ObjectNode out = JSON.createObjectNode();
        switch (delta.path("type").asText("")) {
            case "text_delta" -> out.put("content", delta.path("text").asText(""));
            case "thinking_delta" -> out.put("reasoning", delta.path("thinking").asText(""));
            case "input_json_delta" -> {
                Integer toolCall = toolCallByBlock.get(index);
                if (toolCall == null) {
                    throw new TranslationException("Anthropic stream sent tool input for block " + index + ", which is no tool_use block");
                }
                String json = delta.path("partial_json").asText("");
                if (json.isEmpty()) {
                    return List.of(); // Anthropic often opens a tool's input with an empty fragment
                }
                ObjectNode call = out.putArray("tool_calls").addObject();
                call.put("index", toolCall);
                call.putObject("function").put("arguments", json);
            }
            default -> {
                return List.of(); // signature_delta, citations_delta: nothing an OpenAI client can use
            }
        }
        return List.of(chunks.choice(0, out, null));
    }

    private List<SseEvent> messageDelta(JsonNode data) {
        usage = usage.updatedBy(data.get("usage"));
        String finishReason = AnthropicAnswers.finishReason(data.path("delta").path("stop_reason").asText(null));
        if (finishReason == null) {
            return List.of();
        }
        return List.of(chunks.choice(0, JSON.createObjectNode(), finishReason));
    }

    private List<SseEvent> messageStop() {
        finished = true;
        return List.of(chunks.usage(usage.toOpenAi()), SseEvent.DONE);
    }
}
