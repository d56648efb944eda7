package dev.modelgate.policy.routing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-process statistics per deployment: EWMA latency and error rate from recorded calls, and the
 * circuit state reported by the caller's breaker. Lock-free per deployment; meant to be fed by the relay.
 */
public final class LiveStats implements HealthSource {

    /** Weight of a new sample: about the last 10 calls dominate, so the order follows a provider's slowdown within seconds. */
    private static final double ALPHA = 0.2;

    private final Map<String, Cell> cells = new ConcurrentHashMap<>();

    public void recordCall(String deploymentId, long latencyMicros, boolean success) {
        cells.computeIfAbsent(deploymentId, id -> new Cell()).record(latencyMicros, success);
    }

    public void recordCircuit(String deploymentId, CircuitState state) {
        cells.computeIfAbsent(deploymentId, id -> new Cell()).circuit = state;
    }

    /** Replaces the view with one received from elsewhere (the relay's health feed, polled by a gateway node). */
    public void replace(String deploymentId, DeploymentHealth health) {
        Cell cell = cells.computeIfAbsent(deploymentId, id -> new Cell());
        synchronized (cell) {
            cell.latency = health.ewmaLatencyMicros();
            cell.errors = health.errorRatePermille() / 1000.0;
            cell.circuit = health.circuit();
        }
    }

    public Map<String, DeploymentHealth> snapshot() {
        Map<String, DeploymentHealth> out = new java.util.TreeMap<>();
        cells.forEach((id, cell) -> out.put(id, cell.view()));
        return out;
    }

    @Override
    public DeploymentHealth health(String deploymentId) {
        Cell cell = cells.get(deploymentId);
        return cell == null ? DeploymentHealth.UNKNOWN : cell.view();
    }

    private static final class Cell {
        private double latency;
        private double errors;
        private volatile CircuitState circuit = CircuitState.CLOSED;

        synchronized void record(long latencyMicros, boolean success) {
            latency = latency == 0 ? latencyMicros : latency + ALPHA * (latencyMicros - latency);
            errors = errors + ALPHA * ((success ? 0 : 1) - errors);
        }

        synchronized DeploymentHealth view() {
            return new DeploymentHealth(Math.round(latency), (int) Math.round(errors * 1000), circuit);
        }
    }
}
