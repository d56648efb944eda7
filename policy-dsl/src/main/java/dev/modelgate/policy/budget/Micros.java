package dev.modelgate.policy.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money as {@code long} micro-USD (1 USD = 1,000,000). Exact for every price a provider
 * lists (they quote at most 6 decimals per token batch), cheap to add atomically, and
 * far from overflow (9.2 trillion USD). Conversions round explicitly and in the
 * direction that protects the budget owner's provider bill:
 * costs round <em>up</em> (a request is never under-charged), limits round <em>down</em>
 * (a budget never grants more than configured).
 */
public final class Micros {

    public static final long PER_USD = 1_000_000L;
    private static final BigDecimal PER_USD_DECIMAL = BigDecimal.valueOf(PER_USD);

    private Micros() {
    }

    /** A cost in USD to micros, rounding any fraction of a micro up. */
    public static long costFromUsd(BigDecimal usd) {
        requireNonNegative(usd);
        return usd.multiply(PER_USD_DECIMAL).setScale(0, RoundingMode.UP).longValueExact();
    }

    /** A budget limit in USD to micros, dropping any fraction of a micro. */
    public static long limitFromUsd(BigDecimal usd) {
        requireNonNegative(usd);
        return usd.multiply(PER_USD_DECIMAL).setScale(0, RoundingMode.DOWN).longValueExact();
    }

    /**
     * Cost of {@code tokens} at a price in USD per million tokens (the unit of the policy's
     * {@code input_per_mtok}); numerically tokens × price micros, rounded up.
     */
    public static long costOfTokens(long tokens, BigDecimal usdPerMillionTokens) {
        if (tokens < 0) throw new IllegalArgumentException("tokens must be >= 0: " + tokens);
        requireNonNegative(usdPerMillionTokens);
        return usdPerMillionTokens.multiply(BigDecimal.valueOf(tokens)).setScale(0, RoundingMode.UP).longValueExact();
    }

    /** Micros back to USD, exact (scale 6). */
    public static BigDecimal toUsd(long micros) {
        return BigDecimal.valueOf(micros, 6);
    }

    private static void requireNonNegative(BigDecimal amount) {
        if (amount.signum() < 0) throw new IllegalArgumentException("amount must be >= 0: " + amount);
    }
}
