package dev.modelgate.policy.tokens;

/**
 * A request's input tokens for one tokenizer: the estimate and the interval the exact count lies in.
 * Limits, budgets and reservations use {@link #upper()}, so no limit is undercounted; a check near a
 * threshold asks {@link #decides} and, when the interval straddles it, counts exactly
 * ({@link TokenEstimator#exactInput}).
 *
 * @param estimate the fast estimate (greedy longest match over the vocabulary, plus framing and images)
 * @param lower    never more than the exact count (on the calibration corpus; see {@code TokenEstimateAccuracyTest})
 * @param upper    never less than the exact count (same)
 */
public record InputTokens(long estimate, long lower, long upper) {

    public InputTokens {
        if (lower > estimate || estimate > upper) {
            throw new IllegalArgumentException("bounds " + lower + ".." + upper + " exclude " + estimate);
        }
    }

    /** An exact count: both bounds equal it. */
    public static InputTokens exact(long count) {
        return new InputTokens(count, count, count);
    }

    public boolean isExact() {
        return lower == upper;
    }

    /**
     * Whether "input tokens ≤ {@code limit}" has the same answer for every count in the interval, so the
     * estimate settles it without an exact count.
     */
    public boolean decides(long limit) {
        return upper <= limit || lower > limit;
    }
}
