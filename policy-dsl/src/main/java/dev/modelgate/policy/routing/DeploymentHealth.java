package dev.modelgate.policy.routing;

/**
 * Live view of one deployment, fed back by whoever calls providers (the relay).
 * Latency is an exponentially weighted moving average in microseconds; 0 means no sample yet.
 */
public record DeploymentHealth(long ewmaLatencyMicros, int errorRatePermille, CircuitState circuit) {

    public static final DeploymentHealth UNKNOWN = new DeploymentHealth(0, 0, CircuitState.CLOSED);

    public boolean hasLatency() {
        return ewmaLatencyMicros > 0;
    }
}
