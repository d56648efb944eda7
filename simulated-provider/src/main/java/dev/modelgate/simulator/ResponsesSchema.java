package dev.modelgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fields OpenAI's Responses API accepts, checked strictly: an unknown field, input item type or content part
 * type is refused with a 400 naming it, in OpenAI's words ({@code Unknown parameter: 'input[0].foo'.}). A relay
 * that sends chat's fields to /v1/responses, or leaks its own, fails here as it would at OpenAI.
 */
final class ResponsesSchema {

    private static final Set<String> TOP = Set.of("model", "input", "instructions", "tools", "tool_choice",
            "parallel_tool_calls", "text", "reasoning", "max_output_tokens", "max_tool_calls", "temperature", "top_p",
            "top_logprobs", "stream", "stream_options", "store", "previous_response_id", "conversation", "metadata", "user",
            "include", "truncation", "service_tier", "background", "prompt", "prompt_cache_key", "safety_identifier");
    private static final Map<String, Set<String>> ITEMS = Map.of(
            "message", Set.of("type", "role", "content", "id", "status"),
            "function_call", Set.of("type", "id", "call_id", "name", "arguments", "status"),
            "function_call_output", Set.of("type", "id", "call_id", "output", "status"),
            "reasoning", Set.of("type", "id", "summary", "content", "encrypted_content", "status"),
            "item_reference", Set.of("type", "id"));
    private static final Map<String, Set<String>> PARTS = Map.of(
            "input_text", Set.of("type", "text"),
            "input_image", Set.of("type", "image_url", "file_id", "detail"),
            "input_file", Set.of("type", "file_id", "file_data", "file_url", "filename"),
            "output_text", Set.of("type", "text", "annotations", "logprobs"),
            "refusal", Set.of("type", "refusal"));
    private static final Set<String> FUNCTION_TOOL = Set.of("type", "name", "description", "parameters", "strict");
    private static final Set<String> TEXT = Set.of("format", "verbosity");
    private static final Set<String> FORMAT = Set.of("type", "name", "schema", "strict", "description");
    private static final Set<String> REASONING = Set.of("effort", "summary", "generate_summary");

    private ResponsesSchema() {
    }

    /** The first problem, in OpenAI's words, or empty when OpenAI would accept the body's fields. */
    static Optional<String> check(JsonNode body) {
        try {
            only(body, TOP, "");
            only(body.path("text"), TEXT, "text.");
            only(body.path("text").path("format"), FORMAT, "text.format.");
            only(body.path("reasoning"), REASONING, "reasoning.");
            JsonNode input = body.path("input");
            for (int i = 0; input.isArray() && i < input.size(); i++) {
                JsonNode item = input.get(i);
                String type = item.path("type").asText("message");
                Set<String> fields = ITEMS.get(type);
                if (fields == null) {
                    throw new Unknown("Invalid value: '" + type + "'. Supported values are: 'message', 'function_call', "
                            + "'function_call_output', 'reasoning' and 'item_reference'. (input[" + i + "].type)");
                }
                only(item, fields, "input[" + i + "].");
                JsonNode content = item.path("content");
                for (int j = 0; type.equals("message") && content.isArray() && j < content.size(); j++) {
                    part(content.get(j), "input[" + i + "].content[" + j + "].");
                }
            }
            JsonNode tools = body.path("tools");
            for (int i = 0; i < tools.size(); i++) {
                if (tools.get(i).path("type").asText().equals("function")) {
                    only(tools.get(i), FUNCTION_TOOL, "tools[" + i + "].");
                }
            }
            return Optional.empty();
        } catch (Unknown e) {
            return Optional.of(e.getMessage());
        }
    }

    private static void part(JsonNode part, String path) throws Unknown {
        String type = part.path("type").asText("");
        Set<String> fields = PARTS.get(type);
        if (fields == null) {
            throw new Unknown("Invalid value: '" + type + "'. (" + path + "type)");
        }
        only(part, fields, path);
    }

    private static void only(JsonNode node, Set<String> known, String path) throws Unknown {
        if (!node.isObject()) {
            return;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new Unknown("Unknown parameter: '" + path + name + "'.");
            }
        }
    }

    private static final class Unknown extends Exception {
        private static final long serialVersionUID = 1L;

        Unknown(String message) {
            super(message, null, false, false);
        }
    }
}
