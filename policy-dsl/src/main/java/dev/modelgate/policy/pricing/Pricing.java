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

    /**
     * What prompt caching saved, in micro-USD, against sending the same tokens uncached: reads at the input price
     * less their cached price, less what writes cost above the input price (a cache that is written and never
     * read again costs more than none, so this can be negative). Rounded half-even: a report figure, not a charge.
     */
    public static long cacheSavingsMicros(Price price, long cachedTokens, long write5mTokens, long write1hTokens) {
        BigDecimal input = price.inputPerMtok();
        BigDecimal micros = input.subtract(price.cachedInputPrice()).multiply(BigDecimal.valueOf(cachedTokens))
                .subtract(price.cacheWrite5mPrice().subtract(input).multiply(BigDecimal.valueOf(write5mTokens)))
                .subtract(price.cacheWrite1hPrice().subtract(input).multiply(BigDecimal.valueOf(write1hTokens)));
        return micros.setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    }
}
