package dev.modelgate.relay.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.pricing.Usage;
import dev.modelgate.policy.request.Endpoint;

import java.io.IOException;
import java.util.Locale;

/**
 * Billable usage read from OpenAI-shaped answers. Chat, completions and embeddings report tokens in
 * {@code usage}; images count the pictures returned (and tokens, for token-billed image models);
 * transcripts report tokens only for token-billed models ({@code usage.type: tokens}). An embeddings answer
 * without usage is billed on the relay's own estimate of its input (see {@link #ofAnswer}).
 */
final class Usages {

    private Usages() {
    }

    /**
     * What a JSON answer (chat, completions, embeddings, images) bills.
     * <p>
     * An embeddings answer without {@code usage} (Gemini's batchEmbedContents reports no token counts; an
     * OpenAI-compatible server may send none) would otherwise cost nothing in the ledger and in budgets.
     * Embeddings bill input tokens only, so the relay's own count of the request's input tokens (jtokkit, exact)
     * stands in; asking the provider instead (Gemini's countTokens) would cost a second upstream call per
     * request. The decision's figure is an upper bound made for reservations, so it would overcharge. Other
     * answers without usage keep billing what they report.
     *
     * @param inputTokens the request's input tokens counted exactly, asked only when the answer has no usage
     */
    static Metered ofAnswer(ObjectMapper json, Endpoint endpoint, AnswerEdits answer, java.util.function.LongSupplier inputTokens) {
        if (endpoint == Endpoint.IMAGES_GENERATIONS) {
            return new Metered(ofImages(answer.usage(), answer.itemCount()), null);
        }
        if (endpoint == Endpoint.EMBEDDINGS && !answer.usage().isObject()) {
            long estimatedInputTokens = inputTokens.getAsLong();
            ObjectNode estimate = json.createObjectNode().put("prompt_tokens", estimatedInputTokens)
                    .put("total_tokens", estimatedInputTokens);
            return new Metered(Usage.tokens(estimatedInputTokens, 0), estimate);
        }
        return new Metered(ofTokens(answer.usage()), null);
    }

    /**
     * Usage to bill, and where it came from. The ledger and the generation record have no field for an
     * estimate, so an estimated one is told by its outcome, {@value #ESTIMATED}, in both.
     *
     * @param estimate the {@code usage} the relay writes into the client's answer when the provider sent none;
     *                 null when the provider's usage is billed
     */
    record Metered(Usage usage, ObjectNode estimate) {

        static final String ESTIMATED = "ok (usage estimated)";

        String outcome() {
            return estimate == null ? "ok" : ESTIMATED;
        }
    }

    /**
     * OpenAI's token usage, each class apart: cache reads ({@code prompt_tokens_details.cached_tokens}), cache writes
     * (the Anthropic adapter's {@code cache_creation_input_tokens}, of which {@code cache_creation_1h_input_tokens}
     * were written for an hour) and reasoning ({@code completion_tokens_details.reasoning_tokens}). A count larger
     * than what it is part of is cut to it, so a provider's inconsistent report cannot make a negative price.
     */
    static Usage ofTokens(JsonNode usage) {
        long prompt = Math.max(0, usage.path("prompt_tokens").asLong(0));
        JsonNode details = usage.path("prompt_tokens_details");
        long cached = Math.min(prompt, Math.max(0, details.path("cached_tokens").asLong(0)));
        long written = Math.min(prompt - cached, Math.max(0, details.path("cache_creation_input_tokens").asLong(0)));
        long written1h = Math.min(written, Math.max(0, details.path("cache_creation_1h_input_tokens").asLong(0)));
        long completion = Math.max(0, usage.path("completion_tokens").asLong(0));
        long reasoning = Math.min(completion, Math.max(0, usage.path("completion_tokens_details").path("reasoning_tokens").asLong(0)));
        return new Usage(prompt, cached, written - written1h, written1h, completion, reasoning, 0);
    }

    /** @param images how many pictures the answer's {@code data} holds */
    static Usage ofImages(JsonNode usage, int images) {
        long input = Math.max(0, usage.path("input_tokens").asLong(0));
        long output = Math.max(0, usage.path("output_tokens").asLong(0));
        return new Usage(input, 0, output, images);
    }

    static Usage ofTranscript(ObjectMapper json, byte[] answer, String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            return Usage.tokens(0, 0); // text and subtitle formats carry no usage
        }
        try {
            JsonNode usage = json.readTree(answer).path("usage");
            if (!"tokens".equals(usage.path("type").asText())) {
                return Usage.tokens(0, 0); // duration-billed: priced per request in the policy
            }
            return Usage.tokens(Math.max(0, usage.path("input_tokens").asLong(0)), Math.max(0, usage.path("output_tokens").asLong(0)));
        } catch (IOException e) {
            return Usage.tokens(0, 0);
        }
    }
}
