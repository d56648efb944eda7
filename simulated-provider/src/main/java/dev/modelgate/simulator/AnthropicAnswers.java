package dev.modelgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Deterministic answers in Anthropic's Messages format, with the same text and word-count token rule as
 * {@link Answers} so a test can compare formats. Prompt tokens are the words of {@code system} and of every
 * message's text and tool_result blocks. Prompt caching as Anthropic does it ({@link PromptCache}): a prefix up to a
 * block that carries {@code cache_control} (tools, then system blocks, then message blocks in order) is reported as
 * {@code cache_creation_input_tokens} (split by TTL in {@code cache_creation}) the first time and as
 * {@code cache_read_input_tokens} after that; the rest of the prompt is {@code input_tokens}.
 * Output tokens are the answer's words (at least 1; a tool_use counts 1); when {@code max_tokens} is smaller
 * the text is cut to that many words and the stop reason is {@code max_tokens}. With {@code thinking} enabled the
 * answer opens with a signed thinking block ({@link #THINKING}), whose words count as output too.
 */
final class AnthropicAnswers {

    /** The reasoning a thinking block holds; its words count as output tokens, as Anthropic bills thinking. */
    static final String THINKING = "The user wants a short answer.";

    private final ObjectMapper json;
    private final PromptCache cache;

    AnthropicAnswers(ObjectMapper json, PromptCache cache) {
        this.json = json;
        this.cache = cache;
    }

    /** What an answer is derived from, read once from a request. */
    record Prompt(int tokens, List<PromptCache.Breakpoint> breakpoints, String lastUserText, boolean endsWithUserText) {
    }

    /** The prefix read so far, as the cache keys it: blocks without their breakpoints. */
    private static final class Prefix {
        private final StringBuilder content;
        private final List<PromptCache.Breakpoint> breakpoints = new ArrayList<>();

        Prefix(String model) {
            content = new StringBuilder(model).append('\n');
        }

        void add(JsonNode block, int tokensUpTo) {
            JsonNode mark = block.get("cache_control");
            JsonNode bare = block;
            if (mark != null && block.isObject()) {
                bare = block.deepCopy();
                ((ObjectNode) bare).remove("cache_control");
            }
            content.append(bare).append('\n');
            if (mark != null && mark.isObject()) {
                breakpoints.add(new PromptCache.Breakpoint(Integer.toHexString(content.length()) + ":" + sha256(content),
                        tokensUpTo, "1h".equals(mark.path("ttl").asText())));
            }
        }
    }

    private static String sha256(CharSequence text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Prompt read(JsonNode request) {
        int total = 0;
        Prefix prefix = new Prefix(request.path("model").asText());
        for (JsonNode tool : request.path("tools")) {
            prefix.add(tool, total);
        }
        JsonNode system = request.path("system");
        if (system.isTextual()) {
            total += Answers.words(system.asText());
            prefix.add(system, total);
        }
        for (JsonNode block : system.isArray() ? system : json.createArrayNode()) {
            total += blockWords(block);
            prefix.add(block, total);
        }
        String lastUserText = "";
        boolean endsWithUserText = false;
        for (JsonNode message : request.path("messages")) {
            JsonNode content = message.path("content");
            boolean user = "user".equals(message.path("role").asText());
            String text = null;
            boolean toolResult = false;
            if (content.isTextual()) {
                total += Answers.words(content.asText());
                text = content.asText();
                prefix.add(content, total);
            }
            for (JsonNode block : content.isArray() ? content : json.createArrayNode()) {
                total += blockWords(block);
                prefix.add(block, total);
                toolResult |= "tool_result".equals(block.path("type").asText());
                if (text == null && "text".equals(block.path("type").asText())) {
                    text = block.path("text").asText();
                }
            }
            if (user && text != null) {
                lastUserText = text;
            }
            endsWithUserText = user && text != null && !toolResult;
        }
        return new Prompt(total, List.copyOf(prefix.breakpoints), lastUserText, endsWithUserText);
    }

    private static int blockWords(JsonNode block) {
        if ("text".equals(block.path("type").asText())) {
            return Answers.words(block.path("text").asText());
        }
        if ("tool_result".equals(block.path("type").asText())) {
            JsonNode content = block.path("content");
            if (content.isTextual()) {
                return Answers.words(content.asText());
            }
            int n = 0;
            for (JsonNode part : content) {
                n += blockWords(part);
            }
            return n;
        }
        return 0;
    }

    /**
     * A tool_use answer, like {@link Answers#wantsToolCall}: tools are offered, the conversation ends with a
     * user text turn (not a tool_result), and the user says "call tool" or tool_choice is {@code any} or {@code tool}.
     */
    static boolean wantsToolUse(JsonNode request, Prompt prompt) {
        boolean hasTools = request.path("tools").isArray() && request.path("tools").size() > 0;
        String choice = request.path("tool_choice").path("type").asText("auto");
        boolean forced = choice.equals("any") || choice.equals("tool");
        return hasTools && prompt.endsWithUserText() && (forced || prompt.lastUserText().toLowerCase().contains("call tool"));
    }

    /** The tool tool_choice names, else the first one offered. */
    private static String toolName(JsonNode request) {
        JsonNode choice = request.path("tool_choice");
        return "tool".equals(choice.path("type").asText()) && choice.hasNonNull("name") ? choice.path("name").asText()
                : request.path("tools").get(0).path("name").asText("tool");
    }

    /** The answer's text and why it stopped. */
    private record Reply(String text, String stopReason) {
    }

    private static Reply reply(JsonNode request, Prompt prompt) {
        String text = Answers.replyTo(prompt.lastUserText());
        int max = request.path("max_tokens").asInt(Integer.MAX_VALUE);
        return Answers.words(text) > max ? new Reply(Answers.firstWords(text, max), "max_tokens") : new Reply(text, "end_turn");
    }

    /** Anthropic's {@code count_tokens} answer: the prompt's tokens, cached or not, as {@code usage} would count them. */
    byte[] count(JsonNode request) {
        return Answers.bytes(json.createObjectNode().put("input_tokens", read(request).tokens()));
    }

    byte[] message(JsonNode request, String id) {
        Prompt prompt = read(request);
        PromptCache.Use cached = cache.use(prompt.breakpoints());
        ObjectNode out = json.createObjectNode().put("id", id).put("type", "message").put("role", "assistant")
                .put("model", request.path("model").asText());
        int outputTokens = 0;
        ArrayNode content = out.putArray("content");
        if (thinks(request)) {
            content.addObject().put("type", "thinking").put("thinking", THINKING).put("signature", signature(id));
            outputTokens += Answers.words(THINKING);
        }
        if (wantsToolUse(request, prompt)) {
            ObjectNode toolUse = content.addObject().put("type", "tool_use").put("id", toolUseId(id))
                    .put("name", toolName(request));
            toolUse.set("input", Answers.toolArguments(json));
            out.put("stop_reason", "tool_use");
            outputTokens += 1;
        } else {
            Reply reply = reply(request, prompt);
            content.addObject().put("type", "text").put("text", reply.text());
            out.put("stop_reason", reply.stopReason());
            outputTokens += Math.max(1, Answers.words(reply.text()));
        }
        out.putNull("stop_sequence");
        out.set("usage", usage(prompt, cached, outputTokens));
        return Answers.bytes(out);
    }

    /** The named SSE events of a streamed answer, in Anthropic's order, ending with message_stop. */
    List<byte[]> events(JsonNode request, String id) {
        Prompt prompt = read(request);
        PromptCache.Use cached = cache.use(prompt.breakpoints());
        List<byte[]> events = new ArrayList<>();
        ObjectNode start = json.createObjectNode().put("type", "message_start");
        start.putObject("message").put("id", id).put("type", "message").put("role", "assistant")
                .put("model", request.path("model").asText()).<ObjectNode>set("content", json.createArrayNode())
                .putNull("stop_reason").putNull("stop_sequence").set("usage", usage(prompt, cached, 1));
        events.add(event(start));
        String stopReason;
        int outputTokens = 0;
        int index = 0;
        if (thinks(request)) {
            // Thinking comes first, as its own block, and closes with the signature the client must send back.
            events.add(blockStart(index, json.createObjectNode().put("type", "thinking").put("thinking", "")));
            events.add(delta(index, json.createObjectNode().put("type", "thinking_delta").put("thinking", THINKING)));
            events.add(delta(index, json.createObjectNode().put("type", "signature_delta").put("signature", signature(id))));
            events.add(event(json.createObjectNode().put("type", "content_block_stop").put("index", index)));
            outputTokens += Answers.words(THINKING);
            index++;
        }
        if (wantsToolUse(request, prompt)) {
            ObjectNode block = json.createObjectNode().put("type", "tool_use").put("id", toolUseId(id)).put("name", toolName(request));
            block.putObject("input");
            events.add(blockStart(index, block));
            events.add(event(json.createObjectNode().put("type", "ping")));
            // Anthropic opens with an empty fragment, then hands out the arguments in pieces that are not JSON alone.
            int half = Answers.TOOL_ARGUMENTS.indexOf(':') + 1;
            for (String fragment : List.of("", Answers.TOOL_ARGUMENTS.substring(0, half), Answers.TOOL_ARGUMENTS.substring(half))) {
                events.add(delta(index, json.createObjectNode().put("type", "input_json_delta").put("partial_json", fragment)));
            }
            stopReason = "tool_use";
            outputTokens += 1;
        } else {
            Reply reply = reply(request, prompt);
            events.add(blockStart(index, json.createObjectNode().put("type", "text").put("text", "")));
            events.add(event(json.createObjectNode().put("type", "ping")));
            for (String piece : Answers.pieces(reply.text(), 4)) {
                events.add(delta(index, json.createObjectNode().put("type", "text_delta").put("text", piece)));
            }
            stopReason = reply.stopReason();
            outputTokens += Math.max(1, Answers.words(reply.text()));
        }
        events.add(event(json.createObjectNode().put("type", "content_block_stop").put("index", index)));
        ObjectNode messageDelta = json.createObjectNode().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
        messageDelta.putObject("usage").put("output_tokens", outputTokens);
        events.add(event(messageDelta));
        events.add(event(json.createObjectNode().put("type", "message_stop")));
        return events;
    }

    private byte[] blockStart(int index, ObjectNode block) {
        return event(json.createObjectNode().put("type", "content_block_start").put("index", index).set("content_block", block));
    }

    private byte[] delta(int index, ObjectNode delta) {
        return event(json.createObjectNode().put("type", "content_block_delta").put("index", index).set("delta", delta));
    }

    /** Extended thinking asked for ({@code thinking.type: enabled}): the answer opens with a thinking block. */
    static boolean thinks(JsonNode request) {
        return "enabled".equals(request.path("thinking").path("type").asText());
    }

    /** Stands in for Anthropic's opaque signature of a thinking block; tied to the message so tests can tell them apart. */
    private static String signature(String messageId) {
        return "sig_" + messageId;
    }

    private ObjectNode usage(Prompt prompt, PromptCache.Use cached, int outputTokens) {
        ObjectNode usage = json.createObjectNode().put("input_tokens", prompt.tokens() - cached.read() - cached.written())
                .put("output_tokens", outputTokens).put("cache_creation_input_tokens", cached.written())
                .put("cache_read_input_tokens", cached.read());
        if (cached.written() > 0) { // the split by TTL, as Anthropic's newer answers carry it
            usage.putObject("cache_creation").put("ephemeral_5m_input_tokens", cached.written5m())
                    .put("ephemeral_1h_input_tokens", cached.written1h());
        }
        return usage;
    }

    private static String toolUseId(String messageId) {
        return "toolu_" + messageId.substring(messageId.indexOf('_') + 1);
    }

    /** Anthropic's error type for an HTTP status. */
    static String errorType(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 504 -> "timeout_error";
            case 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    byte[] error(int status, String message) {
        return Answers.bytes(errorNode(errorType(status), message));
    }

    /** What Anthropic sends when it fails after the stream began: an {@code error} event, then nothing. */
    byte[] streamError() {
        return ("event: error\ndata: " + errorNode("overloaded_error", "Overloaded") + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private ObjectNode errorNode(String type, String message) {
        ObjectNode out = json.createObjectNode().put("type", "error");
        out.putObject("error").put("type", type).put("message", message);
        return out;
    }

    private static byte[] event(ObjectNode data) {
        return ("event: " + data.path("type").asText() + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
