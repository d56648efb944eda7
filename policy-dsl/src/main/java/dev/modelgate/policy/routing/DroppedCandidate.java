package dev.modelgate.policy.routing;

/** A deployment that was considered and left out, with the reason (for explain output and logs). */
public record DroppedCandidate(String alias, String deploymentId, String reason) {
}
