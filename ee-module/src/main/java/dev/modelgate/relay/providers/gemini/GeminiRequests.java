package dev.modelgate.relay.providers.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.modelgate.relay.providers.TranslationException;

import java.util.HashMap;
import java.util.Map;

/**
 * An OpenAI chat request as a Gemini {@code GenerateContentRequest}. Gemini keeps the system prompt apart
 * ({@code systemInstruction}), calls the assistant "model", carries tool results as {@code functionResponse}
 * parts of a user turn, and wants turns to alternate, so consecutive turns of one role are merged.
 * Fields Gemini has no counterpart for ({@code stream}, {@code user}, {@code stream_options}, ...) are dropped.
 */
public final class GeminiRequests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GeminiRequests() {
    }

    /** The Gemini request for an OpenAI chat request; a TranslationException names what cannot be carried over. */
    public static ObjectNode chat(ObjectNode openAi) throws TranslationException {
        ObjectNode gemini = JSON.createObjectNode();
        ArrayNode contents = gemini.putArray("contents");
        ArrayNode systemParts = JSON.createArrayNode();
        Map<String, String> toolNamesById = new HashMap<>();
        for (JsonNode message : openAi.path("messages")) {
            String role = message.path("role").asText();
            switch (role) {
                case "system", "developer" -> systemParts.addAll(textParts(message.path("content"), role));
                case "user" -> append(contents, "user", userParts(message.path("content")));
                case "assistant" -> append(contents, "model", assistantParts(message, toolNamesById));
                case "tool" -> append(contents, "user", toolResultPart(message, toolNamesById));
                default -> throw new TranslationException("Messages with role '" + role + "' cannot be sent to Gemini.");
            }
        }
        if (!systemParts.isEmpty()) {
            gemini.putObject("systemInstruction").set("parts", systemParts);
        }
        if (openAi.path("tools").isArray() && !openAi.path("tools").isEmpty()) {
            gemini.putArray("tools").addObject().set("functionDeclarations", functionDeclarations(openAi.path("tools")));
        }
        if (openAi.hasNonNull("tool_choice")) {
            gemini.putObject("toolConfig").set("functionCallingConfig", functionCallingConfig(openAi.get("tool_choice")));
        }
        ObjectNode generationConfig = generationConfig(openAi);
        if (!generationConfig.isEmpty()) {
            gemini.set("generationConfig", generationConfig);
        }
        return gemini;
    }

    /** Appends parts as a turn of the role, merged into the previous turn when it has the same role. */
    private static void append(ArrayNode contents, String role, ArrayNode parts) {
        if (parts.isEmpty()) {
            return;
        }
        JsonNode last = contents.isEmpty() ? null : contents.get(contents.size() - 1);
        if (last != null && last.path("role").asText().equals(role)) {
            ((ArrayNode) last.get("parts")).addAll(parts);
            return;
        }
        ObjectNode turn = contents.addObject();
        turn.put("role", role);
        turn.set("parts", parts);
    }

    private static void append(ArrayNode contents, String role, ObjectNode part) {
        append(contents, role, JSON.createArrayNode().add(part));
    }

    private static ArrayNode textParts(JsonNode content, String role) throws TranslationException {
        ArrayNode parts = JSON.createArrayNode();
        if (content.isTextual()) {
            parts.addObject().put("text", content.asText());
            return parts;
        }
        for (JsonNode part : content) {
            if (!part.path("type").asText().equals("text")) {
                throw new TranslationException("Only text can be sent in a " + role + " message to Gemini.");
            }
            parts.addObject().put("text", part.path("text").asText());
        }
        return parts;
    }

    private static ArrayNode userParts(JsonNode content) throws TranslationException {
        if (content.isTextual()) {
            return textParts(content, "user");
        }
        ArrayNode parts = JSON.createArrayNode();
        for (JsonNode part : content) {
            String type = part.path("type").asText();
            switch (type) {
                case "text" -> parts.addObject().put("text", part.path("text").asText());
                case "image_url" -> parts.add(GeminiMedia.fromUrl(part.path("image_url").path("url").asText()));
                case "input_audio" -> parts.add(GeminiMedia.inline("audio/" + part.path("input_audio").path("format").asText(),
                        part.path("input_audio").path("data").asText()));
                case "file" -> parts.add(GeminiMedia.fromUrl(part.path("file").path("file_data").asText()));
                default -> throw new TranslationException("Content parts of type '" + type + "' cannot be sent to Gemini.");
            }
        }
        return parts;
    }

    private static ArrayNode assistantParts(JsonNode message, Map<String, String> toolNamesById) throws TranslationException {
        ArrayNode parts = JSON.createArrayNode();
        JsonNode content = message.path("content");
        if (content.isTextual() && !content.asText().isEmpty()) {
            parts.addObject().put("text", content.asText());
        } else if (content.isArray()) {
            for (JsonNode part : content) {
                if (part.path("type").asText().equals("text")) {
                    parts.addObject().put("text", part.path("text").asText());
                }
            }
        }
        for (JsonNode call : message.path("tool_calls")) {
            String name = call.path("function").path("name").asText();
            toolNamesById.put(call.path("id").asText(), name);
            ObjectNode part = parts.addObject();
            ObjectNode functionCall = part.putObject("functionCall");
            functionCall.put("name", name);
            functionCall.set("args", arguments(name, call.path("function").path("arguments").asText("")));
            JsonNode signature = call.path("extra_content").path("google").path("thought_signature");
            if (signature.isTextual()) {
                part.put("thoughtSignature", signature.asText()); // see GeminiAnswers.toolCalls
            }
        }
        return parts;
    }

    private static JsonNode arguments(String function, String arguments) throws TranslationException {
        if (arguments.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode args = JSON.readTree(arguments);
            if (!args.isObject()) {
                throw new TranslationException("The arguments of the call to '" + function + "' are not a JSON object.");
            }
            return args;
        } catch (JsonProcessingException e) {
            throw new TranslationException("The arguments of the call to '" + function + "' are not valid JSON.");
        }
    }

    private static ObjectNode toolResultPart(JsonNode message, Map<String, String> toolNamesById) throws TranslationException {
        String id = message.path("tool_call_id").asText();
        String name = toolNamesById.get(id);
        if (name == null) {
            throw new TranslationException("The tool message for tool_call_id '" + id + "' answers no earlier tool call.");
        }
        String text = joinedText(message.path("content"));
        ObjectNode part = JSON.createObjectNode();
        ObjectNode functionResponse = part.putObject("functionResponse");
        functionResponse.put("name", name);
        functionResponse.putObject("response").set("content", jsonOrText(text));
        return part;
    }

    private static String joinedText(JsonNode content) {
        if (!content.isArray()) {
            return content.asText("");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            text.append(part.path("text").asText(""));
        }
        return text.toString();
    }

    /** A tool result that is JSON goes over as JSON, so the model sees its structure rather than an escaped string. */
    private static JsonNode jsonOrText(String text) {
        try {
            JsonNode parsed = JSON.readTree(text);
            return parsed == null || parsed.isMissingNode() ? TextNode.valueOf(text) : parsed;
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }

    /**
     * OpenAI tools as Gemini function declarations. The parameters go over as {@code parametersJsonSchema},
     * which takes JSON Schema as OpenAI clients write it; {@code parameters} takes only an OpenAPI subset and
     * rejects common keywords such as {@code additionalProperties}, which OpenAI's strict mode requires.
     */
    private static ArrayNode functionDeclarations(JsonNode tools) throws TranslationException {
        ArrayNode declarations = JSON.createArrayNode();
        for (JsonNode tool : tools) {
            if (!tool.path("type").asText().equals("function")) {
                throw new TranslationException("Tools of type '" + tool.path("type").asText() + "' cannot be sent to Gemini.");
            }
            JsonNode function = tool.path("function");
            ObjectNode declaration = declarations.addObject();
            declaration.put("name", function.path("name").asText());
            if (function.hasNonNull("description")) {
                declaration.put("description", function.get("description").asText());
            }
            if (function.hasNonNull("parameters")) {
                declaration.set("parametersJsonSchema", function.get("parameters"));
            }
        }
        return declarations;
    }

    private static ObjectNode functionCallingConfig(JsonNode toolChoice) throws TranslationException {
        ObjectNode config = JSON.createObjectNode();
        if (toolChoice.isTextual()) {
            config.put("mode", switch (toolChoice.asText()) {
                case "auto" -> "AUTO";
                case "none" -> "NONE";
                case "required" -> "ANY";
                default -> throw new TranslationException("tool_choice '" + toolChoice.asText() + "' is not known.");
            });
            return config;
        }
        String name = toolChoice.path("function").path("name").asText("");
        if (!toolChoice.path("type").asText().equals("function") || name.isEmpty()) {
            throw new TranslationException("tool_choice must be auto, none, required or a named function for Gemini.");
        }
        config.put("mode", "ANY");
        config.putArray("allowedFunctionNames").add(name);
        return config;
    }

    private static ObjectNode generationConfig(ObjectNode openAi) throws TranslationException {
        ObjectNode config = JSON.createObjectNode();
        JsonNode maxTokens = openAi.hasNonNull("max_completion_tokens") ? openAi.get("max_completion_tokens") : openAi.get("max_tokens");
        copy(maxTokens, config, "maxOutputTokens");
        copy(openAi.get("temperature"), config, "temperature");
        copy(openAi.get("top_p"), config, "topP");
        copy(openAi.get("n"), config, "candidateCount");
        copy(openAi.get("seed"), config, "seed");
        copy(openAi.get("presence_penalty"), config, "presencePenalty");
        copy(openAi.get("frequency_penalty"), config, "frequencyPenalty");
        JsonNode stop = openAi.get("stop");
        if (stop != null && stop.isTextual()) {
            config.putArray("stopSequences").add(stop.asText());
        } else if (stop != null && stop.isArray()) {
            config.set("stopSequences", stop);
        }
        JsonNode format = openAi.path("response_format");
        switch (format.path("type").asText("text")) {
            case "text" -> { }
            case "json_object" -> config.put("responseMimeType", "application/json");
            case "json_schema" -> {
                config.put("responseMimeType", "application/json");
                // JSON Schema as OpenAI clients write it; responseSchema would reject additionalProperties and $ref
                if (format.path("json_schema").hasNonNull("schema")) {
                    config.set("responseJsonSchema", format.path("json_schema").get("schema"));
                }
            }
            default -> throw new TranslationException("response_format '" + format.path("type").asText() + "' is not known.");
        }
        return config;
    }

    private static void copy(JsonNode value, ObjectNode target, String field) {
        if (value != null && !value.isNull()) {
            target.set(field, value);
        }
    }
}
