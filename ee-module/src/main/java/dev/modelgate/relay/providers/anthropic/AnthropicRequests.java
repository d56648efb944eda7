package dev.modelgate.relay.providers.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.relay.providers.TranslationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An OpenAI chat completion request as an Anthropic Messages request. Only fields with a meaning on
 * Anthropic's side are carried; OpenAI-only tuning (penalties, logit_bias, seed, logprobs,
 * stream_options, store, service_tier, ...) is dropped rather than refused, so a client written for
 * OpenAI keeps working. Usage needs no asking: Anthropic reports it on every answer and stream.
 * A request that cannot be expressed at all fails with a {@link TranslationException} naming the field.
 */
public final class AnthropicRequests {

    /** Anthropic requires max_tokens; OpenAI clients usually leave it out. */
    static final int DEFAULT_MAX_TOKENS = 4096;
    /** The smallest thinking budget Anthropic accepts. */
    static final int MIN_THINKING_BUDGET = 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private AnthropicRequests() {
    }

    public static ObjectNode toAnthropic(ObjectNode openAi) throws TranslationException {
        JsonNode n = openAi.get("n");
        if (n != null && !n.isNull() && n.asInt(1) != 1) {
            throw new TranslationException("n: Anthropic returns one choice per request, so n must be 1");
        }
        ObjectNode anthropic = JSON.createObjectNode();
        anthropic.put("model", openAi.path("model").asText());
        AnthropicMessages.Conversation conversation = AnthropicMessages.translate(openAi.path("messages"));
        List<String> system = new ArrayList<>(conversation.system());
        Optional<String> instruction = jsonInstruction(openAi.get("response_format"));
        if (conversation.systemCached()) {
            // Blocks keep each part's cache_control; Anthropic caches the prompt up to the last marked block.
            ArrayNode blocks = conversation.systemBlocks().deepCopy();
            instruction.ifPresent(text -> blocks.addObject().put("type", "text").put("text", text));
            anthropic.set("system", blocks);
        } else {
            instruction.ifPresent(system::add);
            system.removeIf(String::isEmpty);
            if (!system.isEmpty()) {
                anthropic.put("system", String.join("\n\n", system));
            }
        }
        anthropic.set("messages", conversation.messages());
        int maxTokens = maxTokens(openAi);
        anthropic.put("max_tokens", maxTokens);
        thinking(openAi, maxTokens).ifPresent(thinking -> anthropic.set("thinking", thinking));
        copyNumber(openAi, "temperature", anthropic);
        copyNumber(openAi, "top_p", anthropic);
        ArrayNode stop = stopSequences(openAi.get("stop"));
        if (!stop.isEmpty()) {
            anthropic.set("stop_sequences", stop);
        }
        if (openAi.path("stream").asBoolean(false)) {
            anthropic.put("stream", true);
        }
        ArrayNode tools = tools(openAi.path("tools"));
        if (!tools.isEmpty()) {
            anthropic.set("tools", tools);
            // Anthropic rejects tool_choice without tools; OpenAI ignores it, so it is only carried with them.
            toolChoice(openAi.get("tool_choice"), openAi.path("parallel_tool_calls").asBoolean(true))
                    .ifPresent(choice -> anthropic.set("tool_choice", choice));
        }
        String user = openAi.path("user").asText("");
        if (!user.isEmpty()) {
            anthropic.putObject("metadata").put("user_id", user);
        }
        return anthropic;
    }

    /**
     * OpenAI's {@code reasoning_effort} (or OpenRouter's {@code reasoning.effort} / {@code reasoning.max_tokens}) as
     * Anthropic's extended thinking: a budget of 20, 50 or 80 % of max_tokens for low, medium and high (minimal as
     * low), as OpenRouter does, and never less than the 1,024 tokens Anthropic requires. Thinking counts against
     * max_tokens at Anthropic, so a budget that leaves no room for the answer is refused, naming the field.
     */
    static Optional<ObjectNode> thinking(ObjectNode openAi, int maxTokens) throws TranslationException {
        JsonNode reasoning = openAi.path("reasoning");
        String effort = openAi.hasNonNull("reasoning_effort") ? openAi.get("reasoning_effort").asText("")
                : reasoning.path("effort").asText("");
        int budget;
        if (reasoning.path("max_tokens").canConvertToInt()) {
            budget = reasoning.path("max_tokens").asInt();
        } else if (effort.isEmpty() || effort.equals("none")) {
            return Optional.empty();
        } else {
            int percent = switch (effort) {
                case "minimal", "low" -> 20;
                case "medium" -> 50;
                case "high" -> 80;
                default -> throw new TranslationException("reasoning_effort must be minimal, low, medium or high");
            };
            budget = (int) ((long) maxTokens * percent / 100);
        }
        budget = Math.max(MIN_THINKING_BUDGET, budget);
        if (budget >= maxTokens) {
            throw new TranslationException("reasoning_effort: Anthropic's thinking budget (at least " + MIN_THINKING_BUDGET
                    + " tokens) counts against max_tokens, so max_tokens must be larger than " + budget);
        }
        ObjectNode thinking = JSON.createObjectNode().put("type", "enabled").put("budget_tokens", budget);
        return Optional.of(thinking);
    }

    private static int maxTokens(ObjectNode openAi) throws TranslationException {
        // max_completion_tokens replaced max_tokens in OpenAI's API; a client may send either.
        JsonNode value = openAi.hasNonNull("max_completion_tokens") ? openAi.get("max_completion_tokens") : openAi.get("max_tokens");
        if (value == null || value.isNull()) {
            return DEFAULT_MAX_TOKENS;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
            throw new TranslationException("max_tokens must be a positive integer");
        }
        return value.asInt();
    }

    /** Passed as given: OpenAI allows temperature up to 2, Anthropic up to 1, and its 400 says so more exactly than a guess here. */
    private static void copyNumber(ObjectNode from, String field, ObjectNode to) {
        JsonNode value = from.get(field);
        if (value != null && value.isNumber()) {
            to.set(field, value);
        }
    }

    private static ArrayNode stopSequences(JsonNode stop) throws TranslationException {
        ArrayNode sequences = JSON.createArrayNode();
        if (stop == null || stop.isNull()) {
            return sequences;
        }
        if (stop.isTextual()) {
            sequences.add(stop.asText());
            return sequences;
        }
        if (!stop.isArray()) {
            throw new TranslationException("stop must be a string or an array of strings");
        }
        for (JsonNode sequence : stop) {
            if (!sequence.isTextual()) {
                throw new TranslationException("stop must be a string or an array of strings");
            }
            sequences.add(sequence.asText());
        }
        return sequences;
    }

    private static ArrayNode tools(JsonNode openAiTools) throws TranslationException {
        ArrayNode tools = JSON.createArrayNode();
        for (int t = 0; t < openAiTools.size(); t++) {
            JsonNode tool = openAiTools.get(t);
            if (!tool.path("type").asText("").equals("function")) {
                throw new TranslationException("tools[" + t + "]: only function tools can be sent to Anthropic");
            }
            JsonNode function = tool.path("function");
            ObjectNode out = tools.addObject();
            out.put("name", function.path("name").asText(""));
            if (function.hasNonNull("description")) {
                out.put("description", function.get("description").asText());
            }
            // input_schema is required by Anthropic; a function without parameters takes an empty object.
            JsonNode parameters = function.get("parameters");
            if (parameters instanceof ObjectNode) {
                out.set("input_schema", parameters.deepCopy()); // the request tree is shared with other deployments
            } else {
                out.putObject("input_schema").put("type", "object").putObject("properties");
            }
            if (tool.path("cache_control").isObject()) { // LiteLLM's place for a tool's breakpoint in the chat format
                out.set("cache_control", tool.get("cache_control").deepCopy());
            }
        }
        return tools;
    }

    private static Optional<ObjectNode> toolChoice(JsonNode choice, boolean parallel) throws TranslationException {
        boolean given = choice != null && !choice.isNull();
        if (!given && parallel) {
            return Optional.empty(); // Anthropic's default is auto, as OpenAI's is
        }
        ObjectNode out = JSON.createObjectNode();
        if (!given || choice.asText().equals("auto")) {
            out.put("type", "auto");
        } else if (choice.asText().equals("none")) {
            out.put("type", "none");
        } else if (choice.asText().equals("required")) {
            out.put("type", "any");
        } else if (choice.path("type").asText().equals("function") && choice.path("function").hasNonNull("name")) {
            out.put("type", "tool");
            out.put("name", choice.path("function").path("name").asText());
        } else {
            throw new TranslationException("tool_choice must be auto, none, required or {\"type\":\"function\",\"function\":{\"name\":...}}");
        }
        // parallel_tool_calls=false; Anthropic does not accept the flag on "none", where no call is made anyway.
        if (!parallel && !out.path("type").asText().equals("none")) {
            out.put("disable_parallel_tool_use", true);
        }
        return Optional.of(out);
    }

    /**
     * Anthropic has no JSON mode. Of the two usual stand-ins, an instruction in the system prompt and a
     * forced call of a tool whose input_schema is the wanted schema, the instruction is chosen: it keeps
     * the answer in {@code message.content} where an OpenAI client looks for it, and it mixes with the
     * client's own tools. For json_schema the schema itself is part of the instruction. The model is asked,
     * not forced, so the client must still parse defensively, as it must with OpenAI's json_object mode.
     */
    private static Optional<String> jsonInstruction(JsonNode format) throws TranslationException {
        String type = format == null || format.isNull() ? "text" : format.path("type").asText("");
        String instruction = "Respond with a single JSON object and nothing else: no text before or after it, no code fences.";
        return switch (type) {
            case "text" -> Optional.empty();
            case "json_object" -> Optional.of(instruction);
            case "json_schema" -> {
                JsonNode schema = format.path("json_schema").path("schema");
                if (!schema.isObject()) {
                    throw new TranslationException("response_format.json_schema.schema must be a JSON Schema object");
                }
                yield Optional.of(instruction + " The object must conform to this JSON Schema:\n" + compact(schema));
            }
            default -> throw new TranslationException("response_format type '" + type + "' is not supported");
        };
    }

    private static String compact(JsonNode schema) {
        try {
            return JSON.writeValueAsString(schema);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree could not be written", e);
        }
    }
}
