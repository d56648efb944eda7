package dev.modelgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fields Anthropic's Messages API accepts, checked as strictly as Anthropic checks them: a field it does not
 * know is refused with a 400 naming it ({@code messages.0.content.1.foo: Extra inputs are not permitted}), as is
 * a content block type it does not know. A translation that adds or misplaces a field fails here, as it would at
 * Anthropic, instead of passing a lenient stand-in.
 */
final class AnthropicSchema {

    private static final Set<String> TOP = Set.of("model", "messages", "max_tokens", "system", "metadata", "stop_sequences",
            "stream", "temperature", "top_p", "top_k", "tools", "tool_choice", "thinking", "service_tier", "container",
            "mcp_servers", "context_management");
    private static final Set<String> MESSAGE = Set.of("role", "content");
    private static final Map<String, Set<String>> BLOCKS = Map.ofEntries(
            Map.entry("text", Set.of("type", "text", "cache_control", "citations")),
            Map.entry("image", Set.of("type", "source", "cache_control")),
            Map.entry("document", Set.of("type", "source", "title", "context", "citations", "cache_control")),
            Map.entry("search_result", Set.of("type", "source", "title", "content", "citations", "cache_control")),
            Map.entry("tool_use", Set.of("type", "id", "name", "input", "cache_control")),
            Map.entry("tool_result", Set.of("type", "tool_use_id", "content", "is_error", "cache_control")),
            Map.entry("thinking", Set.of("type", "thinking", "signature")),
            Map.entry("redacted_thinking", Set.of("type", "data")),
            Map.entry("server_tool_use", Set.of("type", "id", "name", "input", "cache_control")),
            Map.entry("web_search_tool_result", Set.of("type", "tool_use_id", "content", "cache_control")));
    private static final Set<String> CACHE_CONTROL = Set.of("type", "ttl");
    private static final Set<String> CUSTOM_TOOL = Set.of("type", "name", "description", "input_schema", "cache_control");
    private static final Set<String> WEB_SEARCH_TOOL = Set.of("type", "name", "max_uses", "allowed_domains", "blocked_domains",
            "user_location", "cache_control");
    private static final Set<String> TOOL_CHOICE = Set.of("type", "name", "disable_parallel_tool_use");
    private static final Set<String> THINKING = Set.of("type", "budget_tokens");
    private static final Set<String> METADATA = Set.of("user_id");

    private AnthropicSchema() {
    }

    /** The first problem, in Anthropic's words, or empty when Anthropic would accept the body's fields. */
    static Optional<String> check(JsonNode body) {
        try {
            only(body, TOP, "");
            only(body.path("metadata"), METADATA, "metadata.");
            only(body.path("thinking"), THINKING, "thinking.");
            only(body.path("tool_choice"), TOOL_CHOICE, "tool_choice.");
            JsonNode system = body.path("system");
            for (int i = 0; system.isArray() && i < system.size(); i++) {
                block(system.get(i), "system." + i + ".");
            }
            JsonNode messages = body.path("messages");
            for (int i = 0; i < messages.size(); i++) {
                JsonNode message = messages.get(i);
                only(message, MESSAGE, "messages." + i + ".");
                JsonNode content = message.path("content");
                for (int j = 0; content.isArray() && j < content.size(); j++) {
                    block(content.get(j), "messages." + i + ".content." + j + ".");
                }
            }
            JsonNode tools = body.path("tools");
            for (int i = 0; i < tools.size(); i++) {
                JsonNode tool = tools.get(i);
                String type = tool.path("type").asText("custom");
                only(tool, type.equals("custom") ? CUSTOM_TOOL : type.startsWith("web_search_") ? WEB_SEARCH_TOOL
                        : Set.of(), "tools." + i + ".", type.equals("custom") || type.startsWith("web_search_"));
                only(tool.path("cache_control"), CACHE_CONTROL, "tools." + i + ".cache_control.");
            }
            return Optional.empty();
        } catch (Extra e) {
            return Optional.of(e.getMessage());
        }
    }

    private static void block(JsonNode block, String path) throws Extra {
        String type = block.path("type").asText("");
        Set<String> fields = BLOCKS.get(type);
        if (fields == null) {
            throw new Extra(path + "type: Input tag '" + type + "' found using 'type' does not match any of the expected tags");
        }
        only(block, fields, path);
        only(block.path("cache_control"), CACHE_CONTROL, path + "cache_control.");
        JsonNode content = block.path("content");
        for (int i = 0; type.equals("tool_result") && content.isArray() && i < content.size(); i++) {
            block(content.get(i), path + "content." + i + ".");
        }
    }

    private static void only(JsonNode node, Set<String> known, String path) throws Extra {
        only(node, known, path, true);
    }

    /** @param checked false for a kind of object whose fields this stand-in does not list: any are accepted */
    private static void only(JsonNode node, Set<String> known, String path, boolean checked) throws Extra {
        if (!checked || !node.isObject()) {
            return;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new Extra(path + name + ": Extra inputs are not permitted");
            }
        }
    }

    private static final class Extra extends Exception {
        private static final long serialVersionUID = 1L;

        Extra(String message) {
            super(message, null, false, false);
        }
    }
}
