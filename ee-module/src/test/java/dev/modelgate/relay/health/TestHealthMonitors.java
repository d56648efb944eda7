package dev.modelgate.relay.health;

/** A {@link HealthMonitor} outside a container, for tests of the beans that use it: configured as by default, probe off. */
public final class TestHealthMonitors {

    private TestHealthMonitors() {
    }

    public static HealthMonitor withoutProbe() {
        HealthMonitor monitor = new HealthMonitor();
        monitor.probeEnabled = false;
        monitor.probeIntervalMs = 30_000;
        monitor.probeTimeoutMs = 5_000;
        return monitor;
    }
}
