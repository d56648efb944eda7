package dev.modelgate.edge.metrics;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * What a gateway node measures of its own work: how long each decision took (parse, identify, guard, count, route,
 * sign), by endpoint and outcome. Time to first token is the relay's to measure (its
 * {@code gen_ai_server_time_to_first_token_seconds}): a gateway node hands the request on before any answer exists, and the
 * hosts' protocols give it the answer only buffered whole (APISIX's {@code ext-plugin-post-resp}, Kong's response
 * phase), which would end streaming.
 */
public final class EdgeMetrics {

    /** From 25 µs (a cached short request) to 50 ms (a 200 KB prompt never seen), where decisions fall. */
    private static final double[] BOUNDS = {0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Histogram decisions = Histogram.builder()
            .name("modelgate_edge_decision_duration_seconds")
            .help("Time a gateway node took to decide a request (parse, identify, guard, count, route, sign)")
            .labelNames("endpoint", "outcome")
            .classicOnly()
            .classicUpperBounds(BOUNDS)
            .register(registry);

    /**
     * @param endpoint what the request asked for ({@code chat_completions}, {@code messages}, ..., or {@code other})
     * @param outcome  {@code forwarded}, or the status it was refused with
     */
    public void decided(String endpoint, String outcome, long nanos) {
        decisions.labelValues(endpoint, outcome).observe(nanos / 1e9);
    }

    public PrometheusRegistry registry() {
        return registry;
    }
}
