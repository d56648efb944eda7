package dev.modelgate.relay.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.List;

/**
 * OpenAI's {@code chat.completion} into Anthropic's {@code message}: text first, then one {@code tool_use}
 * block per tool call (the order Claude produces them). Modelgate's extras ({@code provider},
 * {@code usage.cost}) have no place in Anthropic's shape; the {@code x-modelgate-*} headers carry the provider.
 */
public final class MessagesAnswers {

    private final ObjectMapper json;

    public MessagesAnswers(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @param messageId the message id to report (the relay's request id, so it can be looked up)
     * @throws MessagesException a 502 when the answer cannot be expressed in Anthropic's format
     */
    public ObjectNode toAnthropic(JsonNode answer, String messageId, List<String> stopSequences) throws MessagesException {
        JsonNode choice = answer.path("choices").path(0);
        if (!choice.isObject()) {
            throw unreadable("it has no choice");
        }
        JsonNode message = choice.path("message");
        ObjectNode out = json.createObjectNode()
                .put("id", messageId)
                .put("type", "message")
                .put("role", "assistant")
                .put("model", answer.path("model").asText(""));
        ArrayNode content = out.putArray("content");
        String text = text(message.get("content"));
        if (!text.isEmpty()) {
            content.addObject().put("type", "text").put("text", text);
        }
        if (message.path("refusal").isTextual() && !message.path("refusal").textValue().isEmpty()) {
            content.addObject().put("type", "text").put("text", message.path("refusal").textValue());
        }
        for (JsonNode call : message.path("tool_calls")) {
            content.addObject().put("type", "tool_use")
                    .put("id", call.path("id").asText(""))
                    .put("name", call.path("function").path("name").asText(""))
                    .set("input", arguments(call.path("function").path("arguments")));
        }
        StopReason stop = StopReason.of(choice.path("finish_reason").textValue(), choice, stopSequences);
        out.put("stop_reason", stop.reason());
        out.put("stop_sequence", stop.sequence());
        MessagesUsage.write(answer.path("usage"), out.putObject("usage"));
        return out;
    }

    /** Content is a string, or (from some OpenAI-compatible servers) a list of text parts. */
    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("text").isTextual()) {
                out.append(part.path("text").textValue());
            }
        }
        return out.toString();
    }

    /** Anthropic's {@code input} is an object; OpenAI's {@code arguments} a JSON string the model wrote. */
    private JsonNode arguments(JsonNode arguments) throws MessagesException {
        String raw = arguments.asText("");
        if (raw.isBlank()) {
            return json.createObjectNode(); // a call of a tool without parameters
        }
        try {
            JsonNode input = json.readTree(raw);
            if (input instanceof ObjectNode) {
                return input;
            }
        } catch (IOException e) {
            // falls through: the model wrote arguments that are not JSON
        }
        throw unreadable("a tool call's arguments are not a JSON object");
    }

    private static MessagesException unreadable(String why) {
        return new MessagesException(502, "api_error", "The provider's answer cannot be given in Anthropic's format: " + why + ".");
    }
}
