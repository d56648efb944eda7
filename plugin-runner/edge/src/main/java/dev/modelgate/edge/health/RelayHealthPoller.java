package dev.modelgate.edge.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.policy.routing.CircuitState;
import dev.modelgate.policy.routing.DeploymentHealth;
import dev.modelgate.policy.routing.LiveStats;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Feeds the edge's routing with what only the relay sees: EWMA latency, error rate and circuit state per
 * deployment, polled from the relay's {@code GET /admin/providers/health}. Lowest-latency routing and
 * the demotion of failing deployments then work at the edge as in standalone mode. When the relay
 * cannot be reached the last figures stay (stale data routes better than none) and one warning is logged.
 */
public final class RelayHealthPoller implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RelayHealthPoller.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final HttpRequest request;
    private final LiveStats target;
    private final ScheduledExecutorService poller;
    private volatile boolean failing;

    /**
     * @param relay  the relay's base URL, e.g. {@code http://127.0.0.1:9080}
     * @param apiKey a Modelgate key the relay accepts for its admin reads (never logged)
     */
    public RelayHealthPoller(URI relay, String apiKey, LiveStats target, Duration interval) {
        this.request = HttpRequest.newBuilder(relay.resolve("/admin/providers/health"))
                .header("Authorization", "Bearer " + apiKey).timeout(Duration.ofSeconds(2)).GET().build();
        this.target = target;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "modelgate-relay-health");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::pollOnce, 0, Math.max(100, interval.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** One poll; true when the relay answered and the figures were taken. */
    boolean pollOnce() {
        try {
            HttpResponse<byte[]> answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                return failed("status " + answer.statusCode());
            }
            JsonNode deployments = JSON.readTree(answer.body()).path("deployments");
            for (Iterator<Map.Entry<String, JsonNode>> it = deployments.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> d = it.next();
                JsonNode h = d.getValue();
                target.replace(d.getKey(), new DeploymentHealth(
                        Math.round(h.path("ewma_latency_ms").asDouble() * 1000),
                        (int) Math.round(h.path("error_rate").asDouble() * 1000),
                        circuit(h.path("circuit").asText("closed"))));
            }
            if (failing) {
                failing = false;
                LOG.log(System.Logger.Level.INFO, "relay health feed is back");
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return failed(e.getClass().getSimpleName());
        }
    }

    private boolean failed(String why) {
        if (!failing) {
            failing = true;
            LOG.log(System.Logger.Level.WARNING, "relay health feed unavailable (" + why + "); routing keeps the last figures");
        }
        return false;
    }

    private static CircuitState circuit(String name) {
        try {
            return CircuitState.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return CircuitState.CLOSED;
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
