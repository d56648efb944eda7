package dev.modelgate.relay.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.relay.providers.TranslationException;

/**
 * An Anthropic message as an OpenAI {@code chat.completion}: text blocks become the message content,
 * {@code tool_use} blocks become tool calls, thinking goes to the {@code reasoning} field (OpenRouter's
 * name for it). Block types an OpenAI client has no place for (server tool results, redacted thinking)
 * are left out rather than failing an otherwise good answer.
 */
public final class AnthropicAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AnthropicAnswers() {
    }

    /** @param created the answer's time in epoch seconds: Anthropic's message carries none */
    public static ObjectNode toOpenAi(JsonNode message, long created) throws TranslationException {
        if (!message.path("type").asText().equals("message") || !message.path("content").isArray()) {
            throw new TranslationException("not an Anthropic message");
        }
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        ArrayNode toolCalls = JSON.createArrayNode();
        for (JsonNode block : message.get("content")) {
            switch (block.path("type").asText("")) {
                case "text" -> text.append(block.path("text").asText(""));
                case "thinking" -> reasoning.append(block.path("thinking").asText(""));
                case "tool_use" -> toolCalls.add(toolCall(block));
                default -> {
                }
            }
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("id", "chatcmpl-" + message.path("id").asText(""));
        answer.put("object", "chat.completion");
        answer.put("created", created);
        answer.put("model", message.path("model").asText(""));
        ObjectNode choice = answer.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode out = choice.putObject("message");
        out.put("role", "assistant");
        // OpenAI sends null content, not "", when the model only called tools.
        if (text.isEmpty() && !toolCalls.isEmpty()) {
            out.putNull("content");
        } else {
            out.put("content", text.toString());
        }
        if (!reasoning.isEmpty()) {
            out.put("reasoning", reasoning.toString());
        }
        if (!toolCalls.isEmpty()) {
            out.set("tool_calls", toolCalls);
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(message.path("stop_reason").asText(null)));
        answer.set("usage", AnthropicUsage.of(message.get("usage")).toOpenAi());
        return answer;
    }

    /** Anthropic's stop_reason as OpenAI's finish_reason; null while the message is unfinished. */
    static String finishReason(String stopReason) {
        if (stopReason == null) {
            return null;
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            // end_turn, stop_sequence, and pause_turn (a server tool paused the turn: the answer so far is complete)
            default -> "stop";
        };
    }

    private static ObjectNode toolCall(JsonNode block) {
        ObjectNode call = JSON.createObjectNode();
        call.put("id", block.path("id").asText(""));
        call.put("type", "function");
        ObjectNode function = call.putObject("function");
        function.put("name", block.path("name").asText(""));
        JsonNode input = block.get("input");
        function.put("arguments", input == null || input.isNull() ? "{}" : input.toString());
        return call;
    }
}
