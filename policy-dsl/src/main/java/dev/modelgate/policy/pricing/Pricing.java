package dev.modelgate.policy.pricing;

import dev.modelgate.policy.budget.Micros;
import dev.modelgate.policy.model.Price;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Turns usage into money, in integer micro-USD ({@link Micros}); a fraction of a micro is rounded up,
 * so what a team is charged never falls below what the provider bills.
 * The one place where prices meet token counts: estimates, budgets and settlement all call it.
 */
public final class Pricing {

    private static final BigDecimal MICROS_PER_USD = BigDecimal.valueOf(Micros.PER_USD);

    private Pricing() {
    }

    public static long costMicros(Price price, Usage usage) {
        // Price per million tokens × tokens / 1e6 USD = price × tokens micro-USD: the scales cancel.
        BigDecimal micros = price.inputPerMtok().multiply(BigDecimal.valueOf(usage.uncachedInputTokens()))
                .add(price.cachedInputPrice().multiply(BigDecimal.valueOf(usage.cachedInputTokens())))
                .add(price.cacheWrite5mPrice().multiply(BigDecimal.valueOf(usage.cacheWrite5mTokens())))
                .add(price.cacheWrite1hPrice().multiply(BigDecimal.valueOf(usage.cacheWrite1hTokens())))
                .add(price.outputPerMtok().multiply(BigDecimal.valueOf(usage.outputTokens() - usage.reasoningTokens())))
                .add(price.reasoningPrice().multiply(BigDecimal.valueOf(usage.reasoningTokens())))
                .add(price.perRequest().multiply(MICROS_PER_USD))
                .add(price.perImage().multiply(MICROS_PER_USD).multiply(BigDecimal.valueOf(usage.images())));
        return micros.setScale(0, RoundingMode.CEILING).longValueExact();
    }

}
