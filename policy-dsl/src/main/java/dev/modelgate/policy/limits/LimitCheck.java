package dev.modelgate.policy.limits;

import java.time.Duration;
import java.util.Objects;

/**
 * One limit to test and, if every check of the admission passes, to record.
 * A counter is identified by {@code (key, kind, window)}; the limit is not part of
 * the identity so a policy reload that changes a limit keeps the counted history.
 *
 * @param key    evaluator-built key, e.g. {@code "team:search|alias:chat-fast"}
 * @param limit  maximum total of amounts inside any window
 * @param amount what this request adds (1 for REQUESTS, the token estimate for TOKENS)
 * @param window sliding window length, at least 1 ms
 */
public record LimitCheck(String key, LimitKind kind, long limit, long amount, Duration window) {

    public LimitCheck {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(window, "window");
        if (limit < 0) throw new IllegalArgumentException("limit must be >= 0: " + limit);
        if (amount < 0) throw new IllegalArgumentException("amount must be >= 0: " + amount);
        if (window.toMillis() < 1) throw new IllegalArgumentException("window must be >= 1 ms: " + window);
    }

    public static LimitCheck requestsPerMinute(String key, long rpm) {
        return new LimitCheck(key, LimitKind.REQUESTS, rpm, 1, Duration.ofMinutes(1));
    }

    public static LimitCheck tokensPerMinute(String key, long tpm, long estimatedTokens) {
        return new LimitCheck(key, LimitKind.TOKENS, tpm, estimatedTokens, Duration.ofMinutes(1));
    }

    /**
     * Bucket length for a window split into about {@code bucketsPerWindow} buckets, the same for every
     * counter store so that nodes agree. Prefers a length that divides the window, so expiry is exact;
     * otherwise the ring is rounded up and counts slightly longer than the window (conservative).
     */
    public static long bucketMillis(long windowMillis, int bucketsPerWindow) {
        long ideal = Math.max(1, windowMillis / bucketsPerWindow);
        for (long b = ideal; b >= Math.max(1, ideal / 2); b--) {
            if (windowMillis % b == 0) return b;
        }
        return ideal;
    }
}
