package dev.modelgate.policy.pricing;

/**
 * Billable quantities of one call. Input tokens include the cached ones, as providers report them;
 * cached tokens are priced at the cached rate, the rest at the input rate.
 */
public record Usage(long inputTokens, long cachedInputTokens, long outputTokens, long images) {

    public Usage {
        if (inputTokens < 0 || cachedInputTokens < 0 || outputTokens < 0 || images < 0) {
            throw new IllegalArgumentException("usage counts cannot be negative");
        }
        if (cachedInputTokens > inputTokens) {
            throw new IllegalArgumentException("cached input tokens cannot exceed input tokens");
        }
    }

    public static Usage tokens(long input, long output) {
        return new Usage(input, 0, output, 0);
    }
}
