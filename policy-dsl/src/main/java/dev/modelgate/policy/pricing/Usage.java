package dev.modelgate.policy.pricing;

/**
 * Billable quantities of one call, each token class priced at its own rate. Input tokens include those read from
 * the prompt cache and those written to it (5-minute and 1-hour writes apart), as OpenAI's {@code prompt_tokens}
 * does; output tokens include the reasoning tokens, as OpenAI's {@code completion_tokens} does.
 *
 * @param cachedInputTokens input tokens read from the prompt cache
 * @param cacheWrite5mTokens input tokens written to the cache for 5 minutes
 * @param cacheWrite1hTokens input tokens written to the cache for 1 hour
 * @param reasoningTokens   output tokens spent thinking
 */
public record Usage(long inputTokens, long cachedInputTokens, long cacheWrite5mTokens, long cacheWrite1hTokens,
                    long outputTokens, long reasoningTokens, long images) {

    public Usage {
        if (inputTokens < 0 || cachedInputTokens < 0 || cacheWrite5mTokens < 0 || cacheWrite1hTokens < 0 || outputTokens < 0
                || reasoningTokens < 0 || images < 0) {
            throw new IllegalArgumentException("usage counts cannot be negative");
        }
        if (cachedInputTokens + cacheWrite5mTokens + cacheWrite1hTokens > inputTokens) {
            throw new IllegalArgumentException("cache reads and writes cannot exceed input tokens");
        }
        if (reasoningTokens > outputTokens) {
            throw new IllegalArgumentException("reasoning tokens cannot exceed output tokens");
        }
    }

    /** Usage without cache writes or reasoning, as most answers report it. */
    public Usage(long inputTokens, long cachedInputTokens, long outputTokens, long images) {
        this(inputTokens, cachedInputTokens, 0, 0, outputTokens, 0, images);
    }

    /** Input tokens neither read from nor written to the cache. */
    public long uncachedInputTokens() {
        return inputTokens - cachedInputTokens - cacheWrite5mTokens - cacheWrite1hTokens;
    }

    public static Usage tokens(long input, long output) {
        return new Usage(input, 0, output, 0);
    }
}
