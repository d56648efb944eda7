package dev.modelgate.relay.providers.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic's Messages request into OpenAI's chat completions request, so the same policy decides it and
 * any provider serves it. What OpenAI's format cannot carry is dropped where it only tunes the answer
 * ({@code top_k}, {@code thinking}, thinking blocks, whose signatures only Anthropic can check).
 * {@code cache_control} is kept where OpenRouter's form of the chat format has a place for it (on content parts,
 * and on tool definitions as LiteLLM takes it), so a request crossing to chat and back to an Anthropic deployment
 * keeps its cache breakpoints; an OpenAI-format deployment is sent the body without them ({@code CacheMarks}). Where dropping would change the request's meaning (documents other than text or a
 * PDF, server tools and their results, block types added later) it is left out of the translation and
 * named in {@link OpenAiChatRequest#untranslatable()}: an Anthropic deployment is sent the client's own body
 * and serves it, any other is passed over, and with none left the client gets a 400 naming it.
 * Errors name fields the way Anthropic does ({@code messages.1.content.0.type}).
 */
public final class MessagesRequests {

    private final ObjectMapper json;
    /** The first thing of the request being translated that OpenAI's format cannot carry, or null. */
    private String untranslatable;

    public MessagesRequests(ObjectMapper json) {
        this.json = json;
    }

    /** A {@code /v1/messages} body, as the relay's request parser read it (a JSON object within its limits). */
    public OpenAiChatRequest toOpenAi(ObjectNode root) throws MessagesException {
        return translate(root, false);
    }

    /**
     * A {@code /v1/messages/count_tokens} body: a Messages body without {@code max_tokens} and {@code stream},
     * which are not read if sent (a count answers neither); everything else is translated and refused alike.
     */
    public OpenAiChatRequest toOpenAiForCount(ObjectNode root) throws MessagesException {
        return translate(root, true);
    }

    private OpenAiChatRequest translate(ObjectNode root, boolean count) throws MessagesException {
        untranslatable = null;
        ObjectNode out = json.createObjectNode();
        out.put("model", requiredString(root, "model", "model"));
        if (!count) {
            out.put("max_tokens", maxTokens(root));
        }
        ArrayNode messages = out.putArray("messages");
        system(root.get("system"), messages);
        JsonNode turns = root.get("messages");
        if (absent(turns)) {
            throw MessagesException.invalid("messages: Field required");
        }
        if (!turns.isArray()) {
            throw MessagesException.invalid("messages: Input should be a valid list");
        }
        if (turns.isEmpty()) {
            throw MessagesException.invalid("messages: at least one message is required");
        }
        for (int i = 0; i < turns.size(); i++) {
            turn(turns.get(i), "messages." + i, messages);
        }
        tools(root, out);
        number(root, "temperature", out);
        number(root, "top_p", out);
        List<String> stops = stopSequences(root.get("stop_sequences"));
        if (!stops.isEmpty()) {
            ArrayNode stop = out.putArray("stop");
            stops.forEach(stop::add);
        }
        boolean stream = !count && stream(root.get("stream"));
        if (stream) {
            // The usage chunk OpenAI sends last is the only place a stream's token counts are known, and
            // Anthropic's message_delta must carry them.
            out.put("stream", true);
            out.putObject("stream_options").put("include_usage", true);
        }
        JsonNode user = root.path("metadata").get("user_id");
        if (user != null && user.isTextual()) {
            out.put("user", user.textValue());
        }
        return new OpenAiChatRequest(out, stream, stops, untranslatable);
    }

    private static int maxTokens(JsonNode root) throws MessagesException {
        JsonNode max = root.get("max_tokens");
        if (absent(max)) {
            throw MessagesException.invalid("max_tokens: Field required");
        }
        if (!max.canConvertToInt() || !max.isIntegralNumber() || max.intValue() < 1) {
            throw MessagesException.invalid("max_tokens: Input should be a positive integer");
        }
        return max.intValue();
    }

    private void system(JsonNode system, ArrayNode messages) throws MessagesException {
        if (absent(system)) {
            return;
        }
        String text;
        if (system.isTextual()) {
            text = system.textValue();
        } else if (system.isArray()) {
            List<String> parts = new ArrayList<>();
            ArrayNode cachedParts = json.createArrayNode();
            boolean cached = false;
            for (int i = 0; i < system.size(); i++) {
                JsonNode block = system.get(i);
                String path = "system." + i;
                if (!"text".equals(type(block, path))) {
                    throw MessagesException.invalid(path + ".type: only text blocks are allowed in system");
                }
                parts.add(requiredString(block, "text", path + ".text"));
                cached |= keepCacheControl(block, cachedParts.addObject().put("type", "text").put("text", parts.get(i)));
            }
            if (cached) {
                // One text part per block, so each breakpoint stays where the client put it.
                messages.addObject().put("role", "system").set("content", cachedParts);
                return;
            }
            text = String.join("\n", parts);
        } else {
            throw MessagesException.invalid("system: Input should be a string or a list of text blocks");
        }
        if (!text.isEmpty()) {
            messages.addObject().put("role", "system").put("content", text);
        }
    }

    private void turn(JsonNode message, String path, ArrayNode messages) throws MessagesException {
        if (!message.isObject()) {
            throw MessagesException.invalid(path + ": Input should be an object with role and content");
        }
        String role = requiredString(message, "role", path + ".role");
        if (!role.equals("user") && !role.equals("assistant")) {
            throw MessagesException.invalid(path + ".role: Input should be 'user' or 'assistant'");
        }
        JsonNode content = message.get("content");
        if (absent(content)) {
            throw MessagesException.invalid(path + ".content: Field required");
        }
        if (content.isTextual()) {
            messages.addObject().put("role", role).put("content", content.textValue());
            return;
        }
        if (!content.isArray()) {
            throw MessagesException.invalid(path + ".content: Input should be a string or a list of content blocks");
        }
        if (role.equals("user")) {
            userTurn(content, path + ".content", messages);
        } else {
            assistantTurn(content, path + ".content", messages);
        }
    }

    /**
     * Tool results become {@code tool} messages, which OpenAI wants right after the assistant's tool calls;
     * the turn's other blocks (and any images a tool returned, which a tool message cannot hold) follow
     * in one user message.
     */
    private void userTurn(JsonNode blocks, String path, ArrayNode messages) throws MessagesException {
        ArrayNode parts = json.createArrayNode();
        List<ObjectNode> toolMessages = new ArrayList<>();
        ArrayNode toolImages = json.createArrayNode();
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode block = blocks.get(i);
            String at = path + "." + i;
            switch (type(block, at)) {
                case "text" -> keepCacheControl(block, parts.addObject().put("type", "text").put("text", requiredString(block, "text", at + ".text")));
                case "image" -> {
                    int before = parts.size();
                    addIfAny(parts, image(block, at));
                    keepCacheControl(block, parts, before);
                }
                case "document" -> {
                    int before = parts.size();
                    document(block, at, parts);
                    keepCacheControl(block, parts, before);
                }
                case "tool_result" -> toolMessages.add(toolResult(block, at, toolImages));
                case "thinking", "redacted_thinking" -> {
                    // only meaningful to Anthropic, which alone can verify their signatures
                }
                case "tool_use" -> throw MessagesException.invalid(at + ".type: tool_use blocks belong in assistant messages");
                default -> uncarried(block, at);
            }
        }
        toolMessages.forEach(messages::add);
        ArrayNode all = json.createArrayNode().addAll(toolImages).addAll(parts);
        if (all.isEmpty() && !toolMessages.isEmpty()) {
            return;
        }
        ObjectNode user = messages.addObject().put("role", "user");
        if (all.isEmpty()) {
            user.put("content", "");
        } else if (all.size() == 1 && "text".equals(all.get(0).path("type").asText()) && !all.get(0).has("cache_control")) {
            user.put("content", all.get(0).path("text").asText()); // the plain form every OpenAI-compatible server takes
        } else {
            user.set("content", all);
        }
    }

    private void assistantTurn(JsonNode blocks, String path, ArrayNode messages) throws MessagesException {
        List<String> texts = new ArrayList<>();
        ArrayNode textParts = json.createArrayNode();
        boolean cached = false;
        ArrayNode calls = json.createArrayNode();
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode block = blocks.get(i);
            String at = path + "." + i;
            switch (type(block, at)) {
                case "text" -> {
                    texts.add(requiredString(block, "text", at + ".text"));
                    cached |= keepCacheControl(block, textParts.addObject().put("type", "text").put("text", texts.get(texts.size() - 1)));
                }
                case "tool_use" -> calls.add(toolCall(block, at));
                case "thinking", "redacted_thinking" -> {
                    // dropped: see userTurn
                }
                case "image", "tool_result" -> throw MessagesException.invalid(at + ".type: "
                        + block.path("type").asText() + " blocks belong in user messages");
                default -> uncarried(block, at);
            }
        }
        if (texts.isEmpty() && calls.isEmpty()) {
            return;
        }
        ObjectNode assistant = messages.addObject().put("role", "assistant");
        if (texts.isEmpty()) {
            assistant.putNull("content");
        } else if (cached) {
            assistant.set("content", textParts); // text parts, as the client's blocks were, to keep the breakpoints
        } else {
            assistant.put("content", String.join("\n", texts));
        }
        if (!calls.isEmpty()) {
            assistant.set("tool_calls", calls);
        }
    }

    private ObjectNode image(JsonNode block, String path) throws MessagesException {
        JsonNode source = block.get("source");
        if (absent(source) || !source.isObject()) {
            throw MessagesException.invalid(path + ".source: Field required");
        }
        String url = switch (type(source, path + ".source")) {
            case "base64" -> "data:" + requiredString(source, "media_type", path + ".source.media_type") + ";base64,"
                    + requiredString(source, "data", path + ".source.data");
            case "url" -> requiredString(source, "url", path + ".source.url");
            default -> null;
        };
        if (url == null) { // a file uploaded to Anthropic's Files API: only Anthropic can read it
            untranslatable("an image with a " + source.path("type").asText() + " source at " + path);
            return null;
        }
        ObjectNode part = json.createObjectNode().put("type", "image_url");
        part.putObject("image_url").put("url", url);
        return part;
    }

    /**
     * A document as the policy sees it: a text document's text (guardrails read it), a PDF as OpenAI's file part;
     * other sources (URLs, files, content blocks) have no OpenAI form.
     */
    private void document(JsonNode block, String path, ArrayNode parts) throws MessagesException {
        JsonNode source = block.path("source");
        String type = type(source, path + ".source");
        if (type.equals("text")) {
            parts.addObject().put("type", "text").put("text", requiredString(source, "data", path + ".source.data"));
        } else if (type.equals("base64") && "application/pdf".equals(source.path("media_type").asText())) {
            ObjectNode file = parts.addObject().put("type", "file").putObject("file");
            file.put("filename", block.path("title").asText("document.pdf"));
            file.put("file_data", "data:application/pdf;base64," + requiredString(source, "data", path + ".source.data"));
        } else {
            untranslatable("a document with a " + type + " source at " + path);
        }
    }

    private static void addIfAny(ArrayNode parts, ObjectNode part) {
        if (part != null) {
            parts.add(part);
        }
    }

    /** A block type OpenAI's format has no place for (server tool uses and results, and types added later). */
    private void uncarried(JsonNode block, String path) {
        untranslatable("a " + block.path("type").asText() + " block at " + path);
    }

    private void untranslatable(String what) {
        if (untranslatable == null) {
            untranslatable = what;
        }
    }

    private ObjectNode toolResult(JsonNode block, String path, ArrayNode images) throws MessagesException {
        String id = requiredString(block, "tool_use_id", path + ".tool_use_id");
        JsonNode content = block.get("content");
        String text;
        if (absent(content)) {
            text = "";
        } else if (content.isTextual()) {
            text = content.textValue();
        } else if (content.isArray()) {
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < content.size(); i++) {
                JsonNode part = content.get(i);
                String at = path + ".content." + i;
                switch (type(part, at)) {
                    case "text" -> texts.add(requiredString(part, "text", at + ".text"));
                    case "image" -> addIfAny(images, image(part, at));
                    case "document" -> document(part, at, images);
                    default -> uncarried(part, at);
                }
            }
            text = String.join("\n", texts);
        } else {
            throw MessagesException.invalid(path + ".content: Input should be a string or a list of content blocks");
        }
        if (block.path("is_error").asBoolean(false)) {
            // OpenAI's tool message has no error flag; the model still has to know the call failed.
            text = text.isEmpty() ? "Error" : "Error: " + text;
        }
        ObjectNode message = json.createObjectNode().put("role", "tool").put("tool_call_id", id);
        ObjectNode part = json.createObjectNode().put("type", "text").put("text", text);
        if (keepCacheControl(block, part)) {
            message.putArray("content").add(part); // the breakpoint after the result, on its text
        } else {
            message.put("content", text);
        }
        return message;
    }

    /** Copies a block's {@code cache_control} onto the part it became. @return whether it had one */
    private static boolean keepCacheControl(JsonNode block, ObjectNode part) {
        JsonNode mark = block.get("cache_control");
        if (mark == null || !mark.isObject()) {
            return false;
        }
        part.set("cache_control", mark.deepCopy());
        return true;
    }

    /** The same, onto the last part added since {@code sizeBefore}, when the block became one. */
    private static void keepCacheControl(JsonNode block, ArrayNode parts, int sizeBefore) {
        if (parts.size() > sizeBefore) {
            keepCacheControl(block, (ObjectNode) parts.get(parts.size() - 1));
        }
    }

    private ObjectNode toolCall(JsonNode block, String path) throws MessagesException {
        ObjectNode call = json.createObjectNode().put("id", requiredString(block, "id", path + ".id")).put("type", "function");
        ObjectNode function = call.putObject("function").put("name", requiredString(block, "name", path + ".name"));
        JsonNode input = block.get("input");
        if (!absent(input) && !input.isObject()) {
            throw MessagesException.invalid(path + ".input: Input should be an object");
        }
        try {
            function.put("arguments", json.writeValueAsString(absent(input) ? json.createObjectNode() : input));
        } catch (JsonProcessingException e) {
            throw MessagesException.invalid(path + ".input: cannot be encoded");
        }
        return call;
    }

    private void tools(JsonNode root, ObjectNode out) throws MessagesException {
        JsonNode tools = root.get("tools");
        if (absent(tools)) {
            return;
        }
        if (!tools.isArray()) {
            throw MessagesException.invalid("tools: Input should be a valid list");
        }
        if (tools.isEmpty()) {
            return;
        }
        ArrayNode functions = json.createArrayNode();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String path = "tools." + i;
            if (!tool.isObject()) {
                throw MessagesException.invalid(path + ": Input should be an object");
            }
            JsonNode type = tool.get("type");
            if (!absent(type) && !"custom".equals(type.asText())) {
                // Server tools (web search, code execution, ...) run inside Anthropic's API; no other provider has them.
                untranslatable("the server tool '" + type.asText() + "' at " + path);
                continue;
            }
            ObjectNode function = functions.addObject().put("type", "function").putObject("function");
            function.put("name", requiredString(tool, "name", path + ".name"));
            JsonNode description = tool.get("description");
            if (description != null && description.isTextual()) {
                function.put("description", description.textValue());
            }
            JsonNode schema = tool.get("input_schema");
            if (absent(schema)) {
                throw MessagesException.invalid(path + ".input_schema: Field required");
            }
            if (!schema.isObject()) {
                throw MessagesException.invalid(path + ".input_schema: Input should be an object");
            }
            function.set("parameters", schema);
            keepCacheControl(tool, (ObjectNode) functions.get(functions.size() - 1));
        }
        if (!functions.isEmpty()) {
            out.set("tools", functions);
            toolChoice(root.get("tool_choice"), out);
        }
    }

    private static void toolChoice(JsonNode choice, ObjectNode out) throws MessagesException {
        if (absent(choice)) {
            return;
        }
        if (!choice.isObject()) {
            throw MessagesException.invalid("tool_choice: Input should be an object");
        }
        switch (type(choice, "tool_choice")) {
            case "auto" -> out.put("tool_choice", "auto");
            case "any" -> out.put("tool_choice", "required");
            case "none" -> out.put("tool_choice", "none");
            case "tool" -> out.putObject("tool_choice").put("type", "function").putObject("function")
                    .put("name", requiredString(choice, "name", "tool_choice.name"));
            default -> throw MessagesException.invalid("tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'");
        }
        if (choice.path("disable_parallel_tool_use").asBoolean(false)) {
            out.put("parallel_tool_calls", false);
        }
    }

    private static void number(JsonNode root, String field, ObjectNode out) throws MessagesException {
        JsonNode value = root.get(field);
        if (absent(value)) {
            return;
        }
        if (!value.isNumber()) {
            throw MessagesException.invalid(field + ": Input should be a valid number");
        }
        out.set(field, value);
    }

    private static List<String> stopSequences(JsonNode stops) throws MessagesException {
        List<String> out = new ArrayList<>();
        if (absent(stops)) {
            return out;
        }
        if (!stops.isArray()) {
            throw MessagesException.invalid("stop_sequences: Input should be a valid list");
        }
        for (int i = 0; i < stops.size(); i++) {
            if (!stops.get(i).isTextual()) {
                throw MessagesException.invalid("stop_sequences." + i + ": Input should be a valid string");
            }
            out.add(stops.get(i).textValue());
        }
        return out;
    }

    private static boolean stream(JsonNode stream) throws MessagesException {
        if (absent(stream)) {
            return false;
        }
        if (!stream.isBoolean()) {
            throw MessagesException.invalid("stream: Input should be a valid boolean");
        }
        return stream.booleanValue();
    }

    private static String type(JsonNode block, String path) throws MessagesException {
        if (!block.isObject()) {
            throw MessagesException.invalid(path + ": Input should be an object with a type");
        }
        return requiredString(block, "type", path + ".type");
    }

    private static String requiredString(JsonNode node, String field, String path) throws MessagesException {
        JsonNode value = node.get(field);
        if (absent(value)) {
            throw MessagesException.invalid(path + ": Field required");
        }
        if (!value.isTextual()) {
            throw MessagesException.invalid(path + ": Input should be a valid string");
        }
        return value.textValue();
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }
}
