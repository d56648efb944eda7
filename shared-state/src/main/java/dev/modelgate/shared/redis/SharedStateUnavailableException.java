package dev.modelgate.shared.redis;

/**
 * Redis could not answer within its timeout (refused, timed out, script error), or did not within the last
 * back-off period. Each caller decides what that means for its request: limits follow the policy's
 * {@code settings.counters_unavailable}, budgets and the replay guard fail closed.
 */
public class SharedStateUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SharedStateUnavailableException(String message) {
        // No stack trace: this is an expected state during an outage, raised once per request.
        super(message, null, false, false);
    }
}
