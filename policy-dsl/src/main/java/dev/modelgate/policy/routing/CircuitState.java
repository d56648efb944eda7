package dev.modelgate.policy.routing;

/** Circuit breaker state of one deployment, as the relay sees it. */
public enum CircuitState {
    CLOSED, HALF_OPEN, OPEN
}
