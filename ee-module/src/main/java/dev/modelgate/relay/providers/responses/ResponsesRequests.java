package dev.modelgate.relay.providers.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Responses API request carried into a chat completions request, for deployments reached through chat
 * (Anthropic, Gemini, Azure, OpenAI-compatible): {@code instructions} become a system message, input items
 * become messages (function calls join the assistant turn before them as {@code tool_calls}, their outputs
 * become {@code tool} messages), function tools keep their schema, {@code text.format} becomes
 * {@code response_format}, {@code reasoning.effort} {@code reasoning_effort}, {@code max_output_tokens}
 * {@code max_completion_tokens}. The body is one the request parser accepted, so its shape is known;
 * what chat cannot carry (built-in tools, references to stored items, custom tools) is named in
 * {@link ChatRequest#untranslatable()} and such a request is served only by a deployment that speaks Responses.
 */
public final class ResponsesRequests {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ResponsesRequests() {
    }

    /**
     * @param body          the chat request
     * @param untranslatable what chat cannot carry, named for the client; null when it carries everything
     */
    public record ChatRequest(ObjectNode body, String untranslatable) {
    }

    public static ChatRequest toChat(ObjectNode responses) {
        ObjectNode chat = NODES.objectNode();
        chat.put("model", responses.path("model").asText());
        ArrayNode messages = chat.putArray("messages");
        String[] untranslatable = new String[1];
        if (responses.path("instructions").isTextual()) {
            messages.addObject().put("role", "system").put("content", responses.get("instructions").textValue());
        }
        JsonNode input = responses.path("input");
        if (input.isTextual()) {
            messages.addObject().put("role", "user").put("content", input.textValue());
        } else {
            for (int i = 0; i < input.size(); i++) {
                item(input.get(i), i, messages, untranslatable);
            }
        }
        tools(responses, chat, untranslatable);
        toolChoice(responses.get("tool_choice"), chat);
        copy(responses, "parallel_tool_calls", chat, "parallel_tool_calls");
        copy(responses, "temperature", chat, "temperature");
        copy(responses, "top_p", chat, "top_p");
        copy(responses, "max_output_tokens", chat, "max_completion_tokens");
        copy(responses, "user", chat, "user");
        JsonNode effort = responses.path("reasoning").path("effort");
        if (effort.isTextual()) {
            chat.put("reasoning_effort", effort.textValue());
        }
        format(responses.path("text").path("format"), chat);
        if (responses.path("stream").asBoolean(false)) {
            chat.put("stream", true);
            chat.putObject("stream_options").put("include_usage", true);
        }
        return new ChatRequest(chat, untranslatable[0]);
    }

    private static void item(JsonNode item, int i, ArrayNode messages, String[] untranslatable) {
        String type = item.path("type").asText("message");
        switch (type) {
            case "message" -> message(item, messages);
            case "function_call" -> {
                ObjectNode assistant = openAssistant(messages);
                ArrayNode calls = assistant.has("tool_calls") ? (ArrayNode) assistant.get("tool_calls") : assistant.putArray("tool_calls");
                ObjectNode call = calls.addObject().put("id", item.path("call_id").asText()).put("type", "function");
                call.putObject("function").put("name", item.path("name").asText()).put("arguments", item.path("arguments").asText());
            }
            case "function_call_output" -> messages.addObject().put("role", "tool")
                    .put("tool_call_id", item.path("call_id").asText()).put("content", text(item.get("output")));
            case "reasoning" -> {
                // A model's own reasoning from an earlier turn: chat has no place for it, and no provider needs it back.
            }
            default -> untranslatable[0] = first(untranslatable[0], "a " + type + " item at input[" + i + "]");
        }
    }

    private static void message(JsonNode item, ArrayNode messages) {
        String role = item.path("role").asText();
        JsonNode content = item.get("content");
        ObjectNode message = NODES.objectNode().put("role", role);
        if (content.isTextual()) {
            message.put("content", content.textValue());
        } else if (role.equals("user")) {
            ArrayNode parts = message.putArray("content");
            for (JsonNode part : content) {
                switch (part.path("type").asText()) {
                    case "input_image" -> {
                        ObjectNode image = parts.addObject().put("type", "image_url").putObject("image_url");
                        image.put("url", part.path("image_url").asText(""));
                        if (part.hasNonNull("detail")) {
                            image.put("detail", part.get("detail").asText());
                        }
                    }
                    case "input_text", "output_text", "text" -> parts.addObject().put("type", "text").put("text", part.path("text").asText());
                    default -> {
                        // files and audio: no chat deployment behind this translation reads them from a Responses body
                    }
                }
            }
        } else {
            // Assistant, system and developer turns carry text; an assistant's refusal is what it said.
            message.put("content", text(content));
        }
        messages.add(message);
    }

    /** The assistant message a function call belongs to: the last message when it is the assistant's, else a new one. */
    private static ObjectNode openAssistant(ArrayNode messages) {
        if (!messages.isEmpty()) {
            JsonNode last = messages.get(messages.size() - 1);
            if (last.path("role").asText().equals("assistant")) {
                return (ObjectNode) last;
            }
        }
        return messages.addObject().put("role", "assistant").putNull("content");
    }

    /** A string, or the texts of content parts joined. */
    static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode part : content) {
            out.append(part.path("text").asText(part.path("refusal").asText("")));
        }
        return out.toString();
    }

    private static void tools(JsonNode responses, ObjectNode chat, String[] untranslatable) {
        JsonNode tools = responses.path("tools");
        if (!tools.isArray() || tools.isEmpty()) {
            return;
        }
        ArrayNode out = chat.putArray("tools");
        for (JsonNode tool : tools) {
            String type = tool.path("type").asText();
            if (!type.equals("function")) {
                untranslatable[0] = first(untranslatable[0], "the " + type + " tool");
                continue;
            }
            ObjectNode function = out.addObject().put("type", "function").putObject("function");
            function.put("name", tool.path("name").asText());
            copy(tool, "description", function, "description");
            copy(tool, "parameters", function, "parameters");
            copy(tool, "strict", function, "strict");
        }
        if (out.isEmpty()) {
            chat.remove("tools");
        }
    }

    private static void toolChoice(JsonNode choice, ObjectNode chat) {
        if (choice == null || choice.isNull()) {
            return;
        }
        if (choice.isTextual()) {
            chat.put("tool_choice", choice.textValue());
        } else if (choice.path("type").asText().equals("function")) {
            chat.putObject("tool_choice").put("type", "function").putObject("function").put("name", choice.path("name").asText());
        }
    }

    private static void format(JsonNode format, ObjectNode chat) {
        switch (format.path("type").asText("text")) {
            case "json_object" -> chat.putObject("response_format").put("type", "json_object");
            case "json_schema" -> {
                ObjectNode schema = chat.putObject("response_format").put("type", "json_schema").putObject("json_schema");
                schema.put("name", format.path("name").asText());
                copy(format, "description", schema, "description");
                copy(format, "schema", schema, "schema");
                copy(format, "strict", schema, "strict");
            }
            default -> {
                // plain text is chat's default
            }
        }
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode value = from.get(field);
        if (value != null && !value.isNull()) {
            to.set(as, value.deepCopy());
        }
    }

    private static String first(String already, String found) {
        return already != null ? already : found;
    }
}
