package dev.modelgate.relay.health;

/** How one call counts for its deployment's breaker. */
public enum Outcome {
    /** The provider answered. */
    SUCCESS,
    /** The provider failed: 5xx, 429, timeout, broken connection, unreadable answer. */
    FAILURE,
    /** Neither: the client's own mistake (4xx) or the client leaving. A half-open trial permit is given back. */
    NEUTRAL;

    /** The outcome of a call that reached the provider, from its success and HTTP status (0 without an answer). */
    public static Outcome of(boolean success, int status) {
        if (success) {
            return SUCCESS;
        }
        boolean clientsFault = status >= 400 && status < 500 && status != 408 && status != 429;
        return clientsFault ? NEUTRAL : FAILURE;
    }
}
