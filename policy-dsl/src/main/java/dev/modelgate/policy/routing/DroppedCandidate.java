package dev.modelgate.policy.routing;

/**
 * A deployment that was considered and left out, with the reason (for explain output and logs).
 *
 * @param contextWindow  when left out because the request does not fit its context window: that window; else 0
 * @param contextNeeded  and the tokens the request needs (estimated input plus the answer's reserved tokens); else 0
 */
public record DroppedCandidate(String alias, String deploymentId, String reason, int contextWindow, long contextNeeded) {

    public DroppedCandidate(String alias, String deploymentId, String reason) {
        this(alias, deploymentId, reason, 0, 0);
    }

    static DroppedCandidate contextWindow(String alias, String deploymentId, int window, long needed) {
        return new DroppedCandidate(alias, deploymentId, "context window " + window + " < estimated " + needed + " tokens", window, needed);
    }

    /** Left out because the request is longer than its context window: what makes an empty plan a 400 rather than a 503. */
    public boolean contextTooSmall() {
        return contextNeeded > 0;
    }
}
