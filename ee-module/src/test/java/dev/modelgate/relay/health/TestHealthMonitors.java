package dev.modelgate.relay.health;

import dev.modelgate.relay.cluster.ClusterState;

/** A {@link HealthMonitor} outside a container, for tests of the beans that use it: configured as by default, probe off, one relay. */
public final class TestHealthMonitors {

    private TestHealthMonitors() {
    }

    public static HealthMonitor withoutProbe() {
        HealthMonitor monitor = new HealthMonitor();
        monitor.probeEnabled = false;
        monitor.probeIntervalMs = 30_000;
        monitor.probeTimeoutMs = 5_000;
        monitor.cluster = new ClusterState(); // no Redis: no health board to post to or read
        monitor.init();
        return monitor;
    }
}
