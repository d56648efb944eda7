package dev.modelgate.edge.limits;

/**
 * The shared limit counters could not be reached. The edge then applies the policy's
 * {@code settings.counters_unavailable}: fail open on this node's own counters, or fail closed with 503.
 */
public final class CountersUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CountersUnavailableException(String message) {
        super(message, null, false, false);
    }
}
