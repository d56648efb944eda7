package dev.modelgate.relay.health;

import java.time.Duration;

/**
 * The active probe's settings ({@code modelgate.health.probe.*} in MicroProfile Config). Off by default:
 * a probe is an extra request to every provider, which an operator should choose.
 *
 * @param enabled  whether deployments without traffic are probed at all
 * @param interval how often the probe runs, and how long a deployment must have had no call to be probed
 * @param timeout  how long one probe may take before it counts as a failure
 */
public record ProbeSettings(boolean enabled, Duration interval, Duration timeout) {

    public static final ProbeSettings OFF = new ProbeSettings(false, Duration.ofSeconds(30), Duration.ofSeconds(5));

    public ProbeSettings {
        if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("modelgate.health.probe interval and timeout must be positive");
        }
    }
}
