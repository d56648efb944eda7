package dev.modelgate.policy.request;

import java.math.BigDecimal;

/**
 * OpenRouter's {@code provider.max_price}: the most the caller will pay, in USD. As in OpenRouter,
 * {@code prompt} and {@code completion} are per million tokens, {@code request} is per request and
 * {@code image} is per image. A null component means no cap. Money is never a {@code double}.
 */
public record MaxPrice(BigDecimal prompt, BigDecimal completion, BigDecimal request, BigDecimal image) {

    private static final MaxPrice NONE = new MaxPrice(null, null, null, null);

    public static MaxPrice none() {
        return NONE;
    }

    public boolean isNone() {
        return prompt == null && completion == null && request == null && image == null;
    }
}
