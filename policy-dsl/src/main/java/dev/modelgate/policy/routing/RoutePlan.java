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

    /**
     * Whether the request is too long for every deployment it may use: nothing kept, at least one deployment
     * left out for its context window, and none left out only for being unavailable now (an open circuit),
     * since that one fits and the request may succeed later. Such a request needs shortening, not a retry:
     * a 400 {@code context_length_exceeded}, as OpenAI answers it, rather than a 503.
     */
    public boolean contextExceeded() {
        return kept.isEmpty() && dropped.stream().anyMatch(DroppedCandidate::contextTooSmall)
                && dropped.stream().noneMatch(d -> d.reason().equals(Router.CIRCUIT_OPEN));
    }

    /** The largest context window among the deployments left out for theirs (0 when none was). */
    public int largestContextWindow() {
        return dropped.stream().filter(DroppedCandidate::contextTooSmall).mapToInt(DroppedCandidate::contextWindow).max().orElse(0);
    }

    /** The tokens the request needs, as the context-window check estimated them (0 when no deployment was checked). */
    public long contextNeeded() {
        return dropped.stream().mapToLong(DroppedCandidate::contextNeeded).max().orElse(0);
    }
}
