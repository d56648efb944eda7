package dev.modelgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic OpenAI-shaped answers derived from the request, so tests can predict content and usage.
 * Token counts are whitespace-separated words: prompt tokens over every message's text, completion
 * tokens over the answer. Not what a real tokenizer says, but exact and predictable, which metering
 * tests need.
 */
final class Answers {

    static final long CREATED = 1_700_000_000L;
    /** The arguments of every simulated tool call, in every format. */
    static final String TOOL_ARGUMENTS = "{\"query\":\"simulated\"}";
    private final ObjectMapper json;

    Answers(ObjectMapper json) {
        this.json = json;
    }

    static int words(String text) {
        int n = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                n++;
            }
            inWord = !space;
        }
        return n;
    }

    /** All message text of a chat request, in order. */
    static String promptText(JsonNode request) {
        StringBuilder out = new StringBuilder();
        for (JsonNode message : request.path("messages")) {
            JsonNode content = message.path("content");
            if (content.isTextual()) {
                out.append(content.asText()).append('\n');
            } else if (content.isArray()) {
                for (JsonNode part : content) {
                    if (part.path("text").isTextual()) {
                        out.append(part.path("text").asText()).append('\n');
                    }
                }
            }
        }
        if (request.path("prompt").isTextual()) {
            out.append(request.path("prompt").asText());
        }
        return out.toString();
    }

    static String lastUserText(JsonNode request) {
        String last = "";
        for (JsonNode message : request.path("messages")) {
            if ("user".equals(message.path("role").asText())) {
                JsonNode content = message.path("content");
                last = content.isTextual() ? content.asText()
                        : content.isArray() && content.size() > 0 ? content.get(0).path("text").asText() : "";
            }
        }
        return last;
    }

    static String answerText(JsonNode request) {
        return replyTo(lastUserText(request));
    }

    /** The answer text for a last user text, the same in every wire format so tests can compare them. */
    static String replyTo(String lastUserText) {
        return "Simulated answer to: " + (lastUserText.length() > 40 ? lastUserText.substring(0, 40) : lastUserText);
    }

    /** The first {@code max} words of {@code text}, with the whitespace between them kept. */
    static String firstWords(String text, int max) {
        int n = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (space && inWord && ++n == max) {
                return text.substring(0, i);
            }
            inWord = !space;
        }
        return text;
    }

    /** {@code text} in {@code count} roughly equal pieces, the way the streams hand it out. */
    static List<String> pieces(String text, int count) {
        List<String> out = new ArrayList<>();
        int step = Math.max(1, (text.length() + count - 1) / count);
        for (int i = 0; i < text.length(); i += step) {
            out.add(text.substring(i, Math.min(text.length(), i + step)));
        }
        return out;
    }

    /** The request asks for a tool call: tools are offered and the user says "call tool", or tool_choice forces one. */
    static boolean wantsToolCall(JsonNode request) {
        boolean hasTools = request.path("tools").isArray() && request.path("tools").size() > 0;
        boolean forced = request.path("tool_choice").isObject();
        return hasTools && (forced || lastUserText(request).toLowerCase().contains("call tool"));
    }

    /** {@link #TOOL_ARGUMENTS} as an object, for the formats that carry arguments as JSON rather than as a string. */
    static JsonNode toolArguments(ObjectMapper json) {
        try {
            return json.readTree(TOOL_ARGUMENTS);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("TOOL_ARGUMENTS is a JSON constant", e);
        }
    }

    ObjectMapper json() {
        return json;
    }

    ObjectNode usage(int prompt, int completion) {
        return json.createObjectNode().put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
    }

    byte[] chatCompletion(JsonNode request, String id) {
        return bytes(chatCompletionNode(request, id));
    }

    ObjectNode chatCompletionNode(JsonNode request, String id) {
        String model = request.path("model").asText("sim-chat");
        ObjectNode message = json.createObjectNode().put("role", "assistant");
        String finish;
        String content;
        if (wantsToolCall(request)) {
            message.putNull("content");
            message.putArray("tool_calls").add(toolCall(request, id));
            finish = "tool_calls";
            content = "";
        } else {
            content = answerText(request);
            message.put("content", content);
            finish = "stop";
        }
        ObjectNode out = json.createObjectNode().put("id", id).put("object", "chat.completion").put("created", CREATED)
                .put("model", model).put("system_fingerprint", "fp_simulated");
        out.putArray("choices").addObject().put("index", 0).<ObjectNode>set("message", message)
                .putNull("logprobs").put("finish_reason", finish);
        out.set("usage", usage(words(promptText(request)), Math.max(1, words(content))));
        return out;
    }

    private ObjectNode toolCall(JsonNode request, String id) {
        String name = request.path("tools").get(0).path("function").path("name").asText("tool");
        ObjectNode call = json.createObjectNode().put("id", "call_" + id).put("type", "function");
        call.putObject("function").put("name", name).put("arguments", TOOL_ARGUMENTS);
        return call;
    }

    /** The SSE events of a streamed answer, without the final [DONE]. */
    List<byte[]> chatChunks(JsonNode request, String id, boolean includeUsage) {
        return chatChunkNodes(request, id, includeUsage).stream().map(Answers::sse).toList();
    }

    List<ObjectNode> chatChunkNodes(JsonNode request, String id, boolean includeUsage) {
        String model = request.path("model").asText("sim-chat");
        String text = answerText(request);
        List<ObjectNode> events = new ArrayList<>();
        events.add(chunk(id, model, json.createObjectNode().put("role", "assistant").put("content", ""), null));
        for (String piece : pieces(text, 4)) {
            events.add(chunk(id, model, json.createObjectNode().put("content", piece), null));
        }
        events.add(chunk(id, model, json.createObjectNode(), "stop"));
        if (includeUsage) {
            ObjectNode last = base(id, model);
            last.putArray("choices");
            last.set("usage", usage(words(promptText(request)), words(text)));
            events.add(last);
        }
        return events;
    }

    /** The in-stream error an OpenAI-compatible server sends when it fails after the 200. */
    byte[] streamError() {
        ObjectNode out = json.createObjectNode();
        out.putObject("error").put("message", "The server had an error while processing your request.")
                .put("type", "server_error").putNull("param").putNull("code");
        return sse(out);
    }

    private ObjectNode chunk(String id, String model, ObjectNode delta, String finish) {
        ObjectNode out = base(id, model);
        ObjectNode choice = out.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return out;
    }

    private ObjectNode base(String id, String model) {
        return json.createObjectNode().put("id", id).put("object", "chat.completion.chunk").put("created", CREATED)
                .put("model", model).put("system_fingerprint", "fp_simulated");
    }

    byte[] completion(JsonNode request, String id) {
        return bytes(completionNode(request, id));
    }

    ObjectNode completionNode(JsonNode request, String id) {
        String prompt = request.path("prompt").isTextual() ? request.path("prompt").asText() : request.path("prompt").toString();
        String text = "Simulated completion of: " + (prompt.length() > 40 ? prompt.substring(0, 40) : prompt);
        ObjectNode out = json.createObjectNode().put("id", id).put("object", "text_completion").put("created", CREATED)
                .put("model", request.path("model").asText("sim-complete"));
        out.putArray("choices").addObject().put("index", 0).put("text", text).putNull("logprobs").put("finish_reason", "stop");
        out.set("usage", usage(words(prompt), words(text)));
        return out;
    }

    byte[] embeddings(JsonNode request) {
        List<String> inputs = new ArrayList<>();
        JsonNode input = request.path("input");
        if (input.isArray()) {
            input.forEach(n -> inputs.add(n.asText()));
        } else {
            inputs.add(input.asText());
        }
        ObjectNode out = json.createObjectNode().put("object", "list").put("model", request.path("model").asText("sim-embed"));
        ArrayNode data = out.putArray("data");
        int tokens = 0;
        for (int i = 0; i < inputs.size(); i++) {
            vector(data.addObject().put("object", "embedding").put("index", i).putArray("embedding"), inputs.get(i));
            tokens += words(inputs.get(i));
        }
        out.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return bytes(out);
    }

    /** Eight values derived from the text, so the same text always embeds the same in every format. */
    static void vector(ArrayNode into, String text) {
        int h = text.hashCode();
        for (int d = 0; d < 8; d++) {
            into.add(((h >>> (d * 4)) & 0xF) / 15.0f - 0.5f);
        }
    }

    byte[] models() {
        ObjectNode out = json.createObjectNode().put("object", "list");
        ArrayNode data = out.putArray("data");
        for (String id : List.of("sim-chat", "sim-complete", "sim-embed")) {
            data.addObject().put("id", id).put("object", "model").put("created", CREATED).put("owned_by", "modelgate-simulator");
        }
        return bytes(out);
    }

    byte[] error(int status, String message) {
        ObjectNode out = json.createObjectNode();
        out.putObject("error").put("message", message)
                .put("type", status == 429 ? "rate_limit_error" : status >= 500 ? "server_error" : "invalid_request_error")
                .put("code", status == 429 ? "rate_limit_exceeded" : status == 401 ? "invalid_api_key" : null)
                .putNull("param");
        return bytes(out);
    }

    static byte[] sse(JsonNode event) {
        return ("data: " + event + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
