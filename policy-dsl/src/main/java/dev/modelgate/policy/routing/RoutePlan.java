package dev.modelgate.policy.routing;

import java.util.List;

/** The ordered deployments to try, and every one that was left out and why. */
public record RoutePlan(List<RouteCandidate> kept, List<DroppedCandidate> dropped) {

    public RoutePlan {
        kept = List.copyOf(kept);
        dropped = List.copyOf(dropped);
    }

    public boolean isEmpty() {
        return kept.isEmpty();
    }
}
