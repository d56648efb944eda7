package dev.modelgate.policy.routing;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ordered deployments to try, and every one that was left out and why.
 *
 * @param unsupportedParameters request parameters that made {@code provider.require_parameters} leave a
 *                              deployment out, so an empty plan can name them (400) instead of a 503
 */
public record RoutePlan(List<RouteCandidate> kept, List<DroppedCandidate> dropped, Set<String> unsupportedParameters) {

    public RoutePlan {
        kept = List.copyOf(kept);
        dropped = List.copyOf(dropped);
        unsupportedParameters = Collections.unmodifiableSortedSet(new TreeSet<>(unsupportedParameters));
    }

    public RoutePlan(List<RouteCandidate> kept, List<DroppedCandidate> dropped) {
        this(kept, dropped, Set.of());
    }

    public boolean isEmpty() {
        return kept.isEmpty();
    }
}
