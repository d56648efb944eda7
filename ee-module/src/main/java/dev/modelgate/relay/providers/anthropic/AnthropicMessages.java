package dev.modelgate.relay.providers.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.relay.providers.TranslationException;

import java.util.ArrayList;
import java.util.List;

/**
 * An OpenAI {@code messages} array as Anthropic's {@code system} text and {@code messages}. The formats
 * differ in where things live: Anthropic has no system role (its instructions are a top-level field), tool
 * calls are {@code tool_use} content blocks of the assistant, tool results are {@code tool_result} blocks
 * of a user message, and roles must alternate, so consecutive messages of one role become one message.
 */
final class AnthropicMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param system the system and developer messages' texts, in order; empty when there were none */
    /**
     * @param systemBlocks the same system texts as text blocks, one per text part, each with the part's
     *                     {@code cache_control} (OpenRouter's form of Anthropic's prompt caching) when it had one
     */
    record Conversation(List<String> system, ArrayNode messages, ArrayNode systemBlocks) {

        /** Whether any system text asks to be cached: then the system prompt must go as blocks to carry it. */
        boolean systemCached() {
            for (JsonNode block : systemBlocks) {
                if (block.has("cache_control")) {
                    return true;
                }
            }
            return false;
        }
    }

    private AnthropicMessages() {
    }

    static Conversation translate(JsonNode messages) throws TranslationException {
        if (!messages.isArray() || messages.isEmpty()) {
            throw new TranslationException("messages must be a non-empty array");
        }
        List<String> system = new ArrayList<>();
        ArrayNode systemBlocks = JSON.createArrayNode();
        ArrayNode out = JSON.createArrayNode();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String where = "messages[" + i + "]";
            String role = message.path("role").asText("");
            switch (role) {
                // Anthropic has one system prompt, so a system message in mid-conversation joins it too.
                case "system", "developer" -> {
                    system.add(systemText(message.get("content"), where));
                    systemBlocks(message.get("content"), systemBlocks);
                }
                case "user" -> append(out, "user", userContent(message.get("content"), where));
                case "assistant" -> append(out, "assistant", assistantContent(message, where));
                case "tool" -> append(out, "user", toolResult(message, where));
                default -> throw new TranslationException(where + ": role '" + role + "' cannot be sent to Anthropic");
            }
        }
        return new Conversation(system, out, systemBlocks);
    }

    /**
     * Adds a message's blocks, merged into the previous message when it has the same role: Anthropic
     * requires alternating roles, and several tool results answering one assistant turn must share one
     * user message. A message without content is left out, because Anthropic rejects empty content.
     */
    private static void append(ArrayNode messages, String role, ArrayNode blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last != null && last.path("role").asText().equals(role)) {
            ((ArrayNode) last.get("content")).addAll(blocks);
            return;
        }
        ObjectNode message = messages.addObject();
        message.put("role", role);
        message.set("content", blocks);
    }

    private static String systemText(JsonNode content, String where) throws TranslationException {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw new TranslationException(where + ": content must be a string or an array of parts");
        }
        List<String> texts = new ArrayList<>();
        for (int p = 0; p < content.size(); p++) {
            JsonNode part = content.get(p);
            if (!part.path("type").asText().equals("text")) {
                throw new TranslationException(where + ".content[" + p + "]: a system message can only hold text parts");
            }
            texts.add(part.path("text").asText(""));
        }
        return String.join("\n", texts);
    }

    private static void systemBlocks(JsonNode content, ArrayNode blocks) {
        if (content != null && content.isTextual()) {
            addText(blocks, content.asText());
        }
        for (JsonNode part : content != null && content.isArray() ? content : JSON.createArrayNode()) {
            int before = blocks.size();
            addText(blocks, part.path("text").asText(""));
            cacheControl(part, blocks, before);
        }
    }

    /** A part's {@code cache_control}, when it has one, onto the block it became (none when it became none). */
    private static void cacheControl(JsonNode part, ArrayNode blocks, int sizeBefore) {
        if (part.path("cache_control").isObject() && blocks.size() > sizeBefore) {
            ((ObjectNode) blocks.get(blocks.size() - 1)).set("cache_control", part.get("cache_control").deepCopy());
        }
    }

    private static ArrayNode userContent(JsonNode content, String where) throws TranslationException {
        ArrayNode blocks = JSON.createArrayNode();
        if (content == null || content.isNull()) {
            return blocks;
        }
        if (content.isTextual()) {
            addText(blocks, content.asText());
            return blocks;
        }
        if (!content.isArray()) {
            throw new TranslationException(where + ": content must be a string or an array of parts");
        }
        for (int p = 0; p < content.size(); p++) {
            JsonNode part = content.get(p);
            String partWhere = where + ".content[" + p + "]";
            int before = blocks.size();
            switch (part.path("type").asText("")) {
                case "text" -> addText(blocks, part.path("text").asText(""));
                case "image_url" -> blocks.add(image(part.path("image_url").path("url").asText(""), partWhere));
                default -> throw new TranslationException(partWhere + ": content part type '" + part.path("type").asText("")
                        + "' is not supported by Anthropic");
            }
            cacheControl(part, blocks, before);
        }
        return blocks;
    }

    private static ArrayNode assistantContent(JsonNode message, String where) throws TranslationException {
        ArrayNode blocks = JSON.createArrayNode();
        JsonNode content = message.get("content");
        if (content != null && content.isTextual()) {
            addText(blocks, content.asText());
        } else if (content != null && content.isArray()) {
            for (JsonNode part : content) {
                // A refusal the model gave earlier is part of the conversation as plain text.
                String type = part.path("type").asText("");
                int before = blocks.size();
                addText(blocks, part.path(type.equals("refusal") ? "refusal" : "text").asText(""));
                cacheControl(part, blocks, before);
            }
        }
        JsonNode calls = message.path("tool_calls");
        for (int c = 0; c < calls.size(); c++) {
            blocks.add(toolUse(calls.get(c), where + ".tool_calls[" + c + "]"));
        }
        return blocks;
    }

    private static ObjectNode toolUse(JsonNode call, String where) throws TranslationException {
        JsonNode function = call.path("function");
        ObjectNode block = JSON.createObjectNode();
        block.put("type", "tool_use");
        block.put("id", call.path("id").asText(""));
        block.put("name", function.path("name").asText(""));
        block.set("input", arguments(function.path("arguments").asText(""), where));
        return block;
    }

    /**
     * OpenAI carries a call's arguments as a JSON string, Anthropic as the object itself. A call with no
     * arguments may come as an empty string. Anything else that is not a JSON object cannot be carried,
     * and is the caller's error; the message names the call but not the text, which may be large.
     */
    private static JsonNode arguments(String arguments, String where) throws TranslationException {
        if (arguments.isBlank()) {
            return JSON.createObjectNode();
        }
        JsonNode input;
        try {
            input = JSON.readTree(arguments);
        } catch (JsonProcessingException e) {
            throw new TranslationException(where + ": function.arguments is not valid JSON");
        }
        if (!(input instanceof ObjectNode)) {
            throw new TranslationException(where + ": function.arguments must be a JSON object");
        }
        return input;
    }

    private static ArrayNode toolResult(JsonNode message, String where) throws TranslationException {
        String id = message.path("tool_call_id").asText("");
        if (id.isEmpty()) {
            throw new TranslationException(where + ": a tool message needs tool_call_id");
        }
        ObjectNode result = JSON.createObjectNode();
        result.put("type", "tool_result");
        result.put("tool_use_id", id);
        JsonNode content = message.get("content");
        if (content != null && content.isArray() && content.size() == 1 && content.get(0).path("type").asText().equals("text")
                && content.get(0).path("cache_control").isObject()) {
            // One marked text part: the breakpoint is after the whole result, where Anthropic's own form puts it.
            result.put("content", content.get(0).path("text").asText(""));
            result.set("cache_control", content.get(0).get("cache_control").deepCopy());
        } else if (content != null && content.isArray()) {
            result.set("content", userContent(content, where));
        } else if (content != null && !content.isNull()) {
            result.put("content", content.asText());
        } // a result without content is allowed by Anthropic: the call happened and returned nothing
        ArrayNode blocks = JSON.createArrayNode();
        blocks.add(result);
        return blocks;
    }

    /** Anthropic rejects empty text blocks; OpenAI clients send them (an assistant turn with only tool calls). */
    private static void addText(ArrayNode blocks, String text) {
        if (!text.isEmpty()) {
            blocks.addObject().put("type", "text").put("text", text);
        }
    }

    /**
     * An image by URL: a {@code data:} URL becomes inline base64 data, an http(s) URL is passed by
     * reference for Anthropic to fetch. The image data is never quoted in a message: it can be megabytes.
     */
    private static ObjectNode image(String url, String where) throws TranslationException {
        ObjectNode source = JSON.createObjectNode();
        if (url.startsWith("data:")) {
            int comma = url.indexOf(',');
            String header = comma < 0 ? "" : url.substring("data:".length(), comma);
            if (!header.endsWith(";base64")) {
                throw new TranslationException(where + ": a data: image URL must be base64-encoded (data:<media type>;base64,...)");
            }
            int semicolon = header.indexOf(';');
            source.put("type", "base64");
            source.put("media_type", header.substring(0, semicolon));
            source.put("data", url.substring(comma + 1));
        } else if (url.startsWith("https://") || url.startsWith("http://")) {
            source.put("type", "url");
            source.put("url", url);
        } else {
            throw new TranslationException(where + ": image_url.url must be a data: URL or an http(s) URL");
        }
        ObjectNode block = JSON.createObjectNode();
        block.put("type", "image");
        block.set("source", source);
        return block;
    }
}
