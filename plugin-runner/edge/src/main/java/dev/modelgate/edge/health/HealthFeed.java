package dev.modelgate.edge.health;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.policy.routing.CircuitState;
import dev.modelgate.policy.routing.DeploymentHealth;
import dev.modelgate.policy.routing.LiveStats;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The relay's {@code GET /admin/providers/health} (EWMA latency, error rate, circuit state per deployment)
 * applied to the edge's routing statistics, so that lowest-latency routing and the demotion of failing
 * deployments work at the edge as in standalone mode.
 */
public final class HealthFeed implements Consumer<JsonNode> {

    public static final String PATH = "/admin/providers/health";

    private final LiveStats target;

    public HealthFeed(LiveStats target) {
        this.target = target;
    }

    @Override
    public void accept(JsonNode feed) {
        for (Iterator<Map.Entry<String, JsonNode>> it = feed.path("deployments").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> d = it.next();
            JsonNode h = d.getValue();
            target.replace(d.getKey(), new DeploymentHealth(
                    Math.round(h.path("ewma_latency_ms").asDouble() * 1000),
                    (int) Math.round(h.path("error_rate").asDouble() * 1000),
                    circuit(h.path("circuit").asText("closed"))));
        }
    }

    private static CircuitState circuit(String name) {
        try {
            return CircuitState.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return CircuitState.CLOSED;
        }
    }
}
