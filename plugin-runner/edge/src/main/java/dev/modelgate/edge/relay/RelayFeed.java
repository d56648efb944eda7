package dev.modelgate.edge.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One of the relay's admin feeds, polled on a fixed delay and handed to a sink: what only the relay sees
 * (provider health, settled spend) reaches the edge's routing and budgets this way. When the relay cannot
 * be reached the sink keeps its last data (stale figures serve better than none) and one warning is
 * logged until the feed is back.
 */
public final class RelayFeed implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RelayFeed.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final HttpRequest request;
    private final String name;
    private final Consumer<JsonNode> sink;
    private final ScheduledExecutorService poller;
    private volatile boolean failing;

    /**
     * @param relay  the relay's base URL, e.g. {@code http://127.0.0.1:9080}
     * @param path   the feed, e.g. {@code /admin/budgets}
     * @param apiKey a Modelgate key the relay accepts for its admin reads (never logged)
     */
    public RelayFeed(URI relay, String path, String apiKey, Duration interval, Consumer<JsonNode> sink) {
        this.request = HttpRequest.newBuilder(relay.resolve(path))
                .header("Authorization", "Bearer " + apiKey).timeout(Duration.ofSeconds(2)).GET().build();
        this.name = "relay feed " + path;
        this.sink = sink;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "modelgate-" + path.replace('/', '-').substring(1));
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::pollOnce, 0, Math.max(100, interval.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** One poll; true when the relay answered and the sink took the data. */
    public boolean pollOnce() {
        try {
            HttpResponse<byte[]> answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                return failed("status " + answer.statusCode());
            }
            sink.accept(JSON.readTree(answer.body()));
            if (failing) {
                failing = false;
                LOG.log(System.Logger.Level.INFO, name + " is back");
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
            LOG.log(System.Logger.Level.WARNING, name + " unavailable (" + why + "); the last data it gave stays in use");
        }
        return false;
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
