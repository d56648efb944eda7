package dev.modelgate.relay.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * OpenAI's usage into Anthropic's. OpenAI's {@code prompt_tokens} counts every input token, cached or not;
 * Anthropic splits them into {@code input_tokens} (neither read from nor written to the cache),
 * {@code cache_read_input_tokens} and {@code cache_creation_input_tokens}, which add up to the total. So
 * both cache counts are taken out of {@code prompt_tokens}; the cache-write count is only present when
 * the serving adapter translated it from Anthropic's own usage.
 */
public final class MessagesUsage {

    private MessagesUsage() {
    }

    static void write(JsonNode usage, ObjectNode out) {
        long prompt = Math.max(0, usage.path("prompt_tokens").asLong(0));
        JsonNode details = usage.path("prompt_tokens_details");
        long cached = Math.min(prompt, Math.max(0, details.path("cached_tokens").asLong(0)));
        long written = Math.min(prompt - cached, Math.max(0, details.path("cache_creation_input_tokens").asLong(0)));
        out.put("input_tokens", prompt - cached - written);
        out.put("cache_creation_input_tokens", written);
        out.put("cache_read_input_tokens", cached);
        out.put("output_tokens", Math.max(0, usage.path("completion_tokens").asLong(0)));
    }
}
