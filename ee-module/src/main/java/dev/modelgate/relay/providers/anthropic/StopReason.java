package dev.modelgate.relay.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * Why the model stopped, in Anthropic's terms.
 *
 * @param reason   {@code end_turn}, {@code max_tokens}, {@code stop_sequence}, {@code tool_use} or {@code refusal}
 * @param sequence the stop sequence that ended the answer, or null
 */
public record StopReason(String reason, String sequence) {

    /**
     * Maps OpenAI's {@code finish_reason}. OpenAI reports a stop sequence and the natural end alike as
     * {@code stop}; some OpenAI-compatible servers (vLLM) name the matched sequence in the choice's
     * {@code stop_reason}, and only when that is one the client asked for is it reported as a stop sequence.
     */
    static StopReason of(String finishReason, JsonNode choice, List<String> stopSequences) {
        if (finishReason == null) {
            return new StopReason("end_turn", null);
        }
        return switch (finishReason) {
            case "length" -> new StopReason("max_tokens", null);
            case "tool_calls", "function_call" -> new StopReason("tool_use", null);
            case "content_filter" -> new StopReason("refusal", null);
            case "stop" -> {
                JsonNode matched = choice.path("stop_reason");
                yield matched.isTextual() && stopSequences.contains(matched.textValue())
                        ? new StopReason("stop_sequence", matched.textValue())
                        : new StopReason("end_turn", null);
            }
            default -> new StopReason("end_turn", null);
        };
    }
}
