package dev.modelgate.policy.limits;

import java.time.Duration;

/**
 * Answer of {@link RateCounters#tryAdmit}.
 *
 * @param allowed    true when every check passed and all were recorded
 * @param failed     when denied, the check that frees up last (it decides {@code retryAfter}); null when allowed
 * @param retryAfter when denied, the time until every failed check would pass if no other traffic
 *                   arrived (for the {@code Retry-After} header); {@link Duration#ZERO} when allowed
 * @param ticket     when allowed, the handle for {@link RateCounters#adjust}; null when denied
 */
public record Admission(boolean allowed, LimitCheck failed, Duration retryAfter, AdmissionTicket ticket) {

    public static Admission allow(AdmissionTicket ticket) {
        return new Admission(true, null, Duration.ZERO, ticket);
    }

    public static Admission deny(LimitCheck failed, Duration retryAfter) {
        return new Admission(false, failed, retryAfter, null);
    }

    /**
     * False when the failed check asks for more than its limit: such a request can never
     * pass, so the caller should not invite a retry (retryAfter is then just the window).
     */
    public boolean retryable() {
        return allowed || failed.amount() <= failed.limit();
    }
}
