package dev.modelgate.policy.limits;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sliding-window counters. Each call takes every check of one request, so a cluster
 * implementation can do check-and-record in a single round trip (one Lua script).
 */
public interface RateCounters {

    /**
     * Tests all checks and records all of them, or none: if any check would exceed its
     * limit nothing is recorded. A check passes when {@code used + amount <= limit}.
     */
    Admission tryAdmit(List<LimitCheck> checks, long nowMillis);

    /**
     * Replaces the token estimate recorded by {@code ticket} with the real count for every
     * TOKENS check of the ticket. Never makes a counter negative; a refund for usage that
     * already slid out of the window is dropped, extra usage is still counted.
     * Calling again with a new count applies only the difference to the previous call.
     */
    void adjust(AdmissionTicket ticket, long actualTokens, long nowMillis);

    /** {@link #adjust} without waiting for it (see {@link Permit#closeAsync()}); by default, done when it returns. */
    default CompletionStage<Void> adjustAsync(AdmissionTicket ticket, long actualTokens, long nowMillis) {
        adjust(ticket, actualTokens, nowMillis);
        return CompletableFuture.completedFuture(null);
    }

    /** Current total inside the window ending at {@code nowMillis} (0 for an unknown counter). */
    long usage(String key, LimitKind kind, Duration window, long nowMillis);
}
