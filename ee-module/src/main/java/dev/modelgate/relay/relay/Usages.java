package dev.modelgate.relay.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.policy.pricing.Usage;

import java.io.IOException;
import java.util.Locale;

/**
 * Billable usage read from OpenAI-shaped answers. Chat, completions and embeddings report tokens in
 * {@code usage}; images count the pictures returned (and tokens, for token-billed image models);
 * transcripts report tokens only for token-billed models ({@code usage.type: tokens}).
 */
final class Usages {

    private Usages() {
    }

    static Usage ofTokens(JsonNode usage) {
        long prompt = Math.max(0, usage.path("prompt_tokens").asLong(0));
        long cached = Math.min(prompt, Math.max(0, usage.path("prompt_tokens_details").path("cached_tokens").asLong(0)));
        long completion = Math.max(0, usage.path("completion_tokens").asLong(0));
        return new Usage(prompt, cached, completion, 0);
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
