package dev.modelgate.policy.decision;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers request ids of honoured decisions until they expire, so a captured header cannot be
 * replayed. In-memory and per relay node: a decision replayed to another node is still bounded by its
 * short expiry.
 */
public final class ReplayGuard {

    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private volatile long nextSweep;

    /** True the first time a request id is seen; false for a replay. */
    public boolean firstUse(RoutingDecision decision, long nowEpochSecond) {
        sweep(nowEpochSecond);
        return seen.putIfAbsent(decision.requestId(), decision.expiresAt()) == null;
    }

    private void sweep(long now) {
        if (now < nextSweep) {
            return;
        }
        nextSweep = now + 10;
        seen.values().removeIf(expiry -> expiry < now);
    }
}
