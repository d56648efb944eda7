package dev.modelgate.relay.providers.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.relay.providers.TranslationException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * A Gemini {@code GenerateContentResponse} as an OpenAI {@code chat.completion}, and the pieces of that
 * mapping the stream translation shares: finish reasons, usage and tool call ids.
 */
public final class GeminiAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Gemini's finish reasons that mean a filter cut the answer, whatever the filter's kind. */
    private static final Set<String> FILTERED = Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII",
            "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION");

    private GeminiAnswers() {
    }

    /**
     * The chat completion for a Gemini answer.
     *
     * @param model   the model asked for; Gemini's {@code modelVersion} replaces it when the answer names one
     * @param created seconds since the epoch (Gemini's answer carries no time)
     */
    public static ObjectNode chatCompletion(JsonNode gemini, String id, String model, long created) throws TranslationException {
        if (!gemini.isObject() || !gemini.path("candidates").isArray()) {
            throw new TranslationException("The answer has no candidates.");
        }
        ObjectNode completion = JSON.createObjectNode();
        completion.put("id", id);
        completion.put("object", "chat.completion");
        completion.put("created", created);
        completion.put("model", gemini.path("modelVersion").asText(model));
        ArrayNode choices = completion.putArray("choices");
        String responseId = gemini.path("responseId").asText("");
        for (JsonNode candidate : gemini.path("candidates")) {
            int index = candidate.path("index").asInt(0);
            ObjectNode choice = choices.addObject();
            choice.put("index", index);
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            String text = text(candidate);
            if (text.isEmpty()) {
                message.putNull("content");
            } else {
                message.put("content", text);
            }
            message.putNull("refusal");
            ArrayNode toolCalls = toolCalls(candidate, responseId, index, 0);
            if (!toolCalls.isEmpty()) {
                message.set("tool_calls", toolCalls);
            }
            choice.putNull("logprobs");
            choice.put("finish_reason", finishReason(candidate.path("finishReason").asText("STOP"), !toolCalls.isEmpty()));
        }
        if (gemini.has("usageMetadata")) {
            completion.set("usage", usage(gemini.get("usageMetadata")));
        }
        return completion;
    }

    /**
     * The client-facing message when Gemini refused the prompt itself: {@code promptFeedback.blockReason}
     * with no candidates. Empty when the prompt was not blocked.
     */
    public static Optional<String> blockedPrompt(JsonNode gemini) {
        String reason = gemini.path("promptFeedback").path("blockReason").asText("");
        if (reason.isEmpty() || !gemini.path("candidates").isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("The provider's safety filter blocked the prompt (" + reason + ").");
    }

    /** The text parts of a candidate joined; thought summaries are the model's reasoning, not its answer. */
    static String text(JsonNode candidate) {
        StringBuilder text = new StringBuilder();
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.has("text") && !part.path("thought").asBoolean(false)) {
                text.append(part.get("text").asText());
            }
        }
        return text.toString();
    }

    /**
     * The candidate's function calls as OpenAI tool calls, positions counted from {@code firstIndex} (a stream
     * counts calls across chunks). Gemini gives the arguments as an object; OpenAI carries them as a JSON string.
     */
    static ArrayNode toolCalls(JsonNode candidate, String responseId, int candidateIndex, int firstIndex) {
        ArrayNode calls = JSON.createArrayNode();
        int index = firstIndex;
        for (JsonNode part : candidate.path("content").path("parts")) {
            JsonNode functionCall = part.get("functionCall");
            if (functionCall == null) {
                continue;
            }
            ObjectNode call = calls.addObject();
            call.put("id", toolCallId(functionCall, responseId, candidateIndex, index));
            call.put("type", "function");
            ObjectNode function = call.putObject("function");
            function.put("name", functionCall.path("name").asText());
            function.put("arguments", arguments(functionCall.path("args")));
            if (part.hasNonNull("thoughtSignature")) {
                // Gemini 3 refuses a replayed call without its signature; this is where Google's own OpenAI
                // compatibility puts it, so clients that send the message back as received keep it
                call.putObject("extra_content").putObject("google").put("thought_signature", part.get("thoughtSignature").asText());
            }
            index++;
        }
        return calls;
    }

    private static String arguments(JsonNode args) {
        try {
            return JSON.writeValueAsString(args.isMissingNode() || args.isNull() ? JSON.createObjectNode() : args);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree could not be written", e);
        }
    }

    /**
     * Gemini's own call id when it gives one; otherwise one derived from the answer and the call's position,
     * so the same answer always yields the same ids (a retried translation, a golden test).
     */
    static String toolCallId(JsonNode functionCall, String responseId, int candidateIndex, int callIndex) {
        String given = functionCall.path("id").asText("");
        if (!given.isEmpty()) {
            return given;
        }
        String seed = responseId + "/" + candidateIndex + "/" + callIndex + "/" + functionCall.path("name").asText()
                + "/" + functionCall.path("args");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return "call_" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** OpenAI's finish reason for Gemini's; reasons OpenAI has no word for (OTHER, LANGUAGE, ...) end as stop. */
    static String finishReason(String gemini, boolean calledTools) {
        if (gemini.equals("MAX_TOKENS")) {
            return "length";
        }
        if (FILTERED.contains(gemini)) {
            return "content_filter";
        }
        return calledTools ? "tool_calls" : "stop";
    }

    /**
     * OpenAI usage from Gemini's {@code usageMetadata}. Thinking tokens are billed as output, so they count
     * as completion tokens (and as reasoning tokens, as OpenAI reports them); cached tokens are part of the
     * prompt count in both formats; tool-use prompt tokens (results of Google's built-in tools) are billed
     * as input.
     */
    static ObjectNode usage(JsonNode metadata) {
        long prompt = metadata.path("promptTokenCount").asLong(0) + metadata.path("toolUsePromptTokenCount").asLong(0);
        long thoughts = metadata.path("thoughtsTokenCount").asLong(0);
        long completion = metadata.path("candidatesTokenCount").asLong(0) + thoughts;
        ObjectNode usage = JSON.createObjectNode();
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", prompt + completion);
        usage.putObject("prompt_tokens_details").put("cached_tokens", metadata.path("cachedContentTokenCount").asLong(0));
        usage.putObject("completion_tokens_details").put("reasoning_tokens", thoughts);
        return usage;
    }
}
