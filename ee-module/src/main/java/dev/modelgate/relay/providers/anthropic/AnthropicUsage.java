package dev.modelgate.relay.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.pricing.Usage;

/**
 * Anthropic's token counts, and their OpenAI form. Anthropic counts cached prompt tokens apart from
 * {@code input_tokens} (read from the cache, and written to it), where OpenAI's {@code prompt_tokens}
 * includes cached tokens and names the read ones in {@code prompt_tokens_details.cached_tokens}.
 */
record AnthropicUsage(long input, long output, long cacheRead, long cacheCreation, long cacheCreation1h) {

    static final AnthropicUsage NONE = new AnthropicUsage(0, 0, 0, 0, 0);

    /** An answer's or message_start's {@code usage}; absent or null counts are zero. */
    static AnthropicUsage of(JsonNode usage) {
        return NONE.updatedBy(usage);
    }

    /**
     * These counts with those a later event reports: message_delta carries the final output count and,
     * from newer API versions, the input and cache counts again (cumulative, not increments).
     */
    AnthropicUsage updatedBy(JsonNode usage) {
        long created = count(usage, "cache_creation_input_tokens", cacheCreation);
        // Newer answers split the writes by TTL (cache_creation.ephemeral_1h_input_tokens); without it every write is 5-minute.
        JsonNode split = usage == null ? null : usage.get("cache_creation");
        long created1h = split != null && split.isObject() ? count(split, "ephemeral_1h_input_tokens", 0) : cacheCreation1h;
        return new AnthropicUsage(count(usage, "input_tokens", input), count(usage, "output_tokens", output),
                count(usage, "cache_read_input_tokens", cacheRead), created, Math.min(created, created1h));
    }

    /** As the relay bills it: every input token, of which the cache reads are priced at the cached rate. */
    Usage toUsage() {
        return new Usage(input + cacheRead + cacheCreation, cacheRead, cacheCreation - cacheCreation1h, cacheCreation1h, output, 0, 0);
    }

    ObjectNode toOpenAi() {
        long prompt = input + cacheRead + cacheCreation;
        ObjectNode usage = JsonNodeFactory.instance.objectNode();
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", output);
        usage.put("total_tokens", prompt + output);
        ObjectNode details = usage.putObject("prompt_tokens_details");
        details.put("cached_tokens", cacheRead);
        // Not an OpenAI field: cache writes are billed at a premium, so whoever prices the call needs them.
        details.put("cache_creation_input_tokens", cacheCreation);
        details.put("cache_creation_1h_input_tokens", cacheCreation1h); // of those, written for an hour (priced higher)
        return usage;
    }

    private static long count(JsonNode usage, String field, long otherwise) {
        JsonNode value = usage == null ? null : usage.get(field);
        return value != null && value.isIntegralNumber() ? value.asLong() : otherwise;
    }
}
