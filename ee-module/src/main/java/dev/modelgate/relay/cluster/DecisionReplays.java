package dev.modelgate.relay.cluster;

import dev.modelgate.policy.decision.ReplayGuard;
import dev.modelgate.policy.decision.RoutingDecision;
import dev.modelgate.shared.replay.RedisReplayGuard;

/**
 * The replay guard for gateway decisions: in Redis when relays share state (a decision used on one relay is
 * refused by every other, and by the same relay after a restart), in this JVM otherwise.
 */
public final class DecisionReplays {

    private final ReplayGuard local = new ReplayGuard();
    private final RedisReplayGuard shared;

    public DecisionReplays(RedisReplayGuard shared) {
        this.shared = shared;
    }

    /**
     * @return true the first time the decision's request id is seen
     * @throws dev.modelgate.shared.redis.SharedStateUnavailableException when the shared guard cannot answer
     */
    public boolean firstUse(RoutingDecision decision, long nowEpochSecond) {
        return shared == null ? local.firstUse(decision, nowEpochSecond) : shared.firstUse(decision.requestId(), decision.expiresAt());
    }
}
