package dev.modelgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP server on 127.0.0.1 that speaks OpenAI's wire format (chat completions with streaming
 * and tool calls, completions, embeddings, models) and misbehaves on command through {@link #faults()}
 * or {@code POST /_sim/faults}. Used by the relay's tests and by the standalone demo.
 */
public final class SimulatedProvider implements AutoCloseable {

    /** Longest a stalled request is held, so a forgotten stall cannot pin a thread forever. */
    static final long MAX_STALL_MILLIS = TimeUnit.MINUTES.toMillis(5);

    private final HttpServer server;
    private final ExecutorService executor;
    private final Optional<String> apiKey;
    private final Faults faults = new Faults();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong ids = new AtomicLong();
    private final ObjectMapper json = new ObjectMapper();
    private final Answers answers = new Answers(json);

    private SimulatedProvider(int port, Optional<String> apiKey) throws IOException {
        this.apiKey = apiKey;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "simulated-provider");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts on 127.0.0.1; port 0 picks a free one. With an API key, requests must bring it as a Bearer token. */
    public static SimulatedProvider start(int port, Optional<String> apiKey) throws IOException {
        return new SimulatedProvider(port, apiKey);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** "http://127.0.0.1:PORT/v1", the base URL an OpenAI client or a policy's base_url uses. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    public Faults faults() {
        return faults;
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public void clear() {
        requests.clear();
        faults.clear();
    }

    @Override
    public void close() {
        stopped.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.startsWith("/_sim/")) {
                control(exchange, path, body);
                return;
            }
            requests.add(record(exchange, path, body));
            if (apiKey.isPresent() && !("Bearer " + apiKey.get()).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, answers.error(401, "Incorrect API key provided."));
                return;
            }
            JsonNode request = body.length == 0 ? json.createObjectNode() : json.readTree(body);
            Optional<Fault> fault = faults.take(request.path("model").asText(""));
            if (fault.isPresent() && !misbehave(exchange, fault.get())) {
                return;
            }
            answer(exchange, path, request, fault.orElse(null));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            send(exchange, 400, answers.error(400, "We could not parse the JSON body of your request."));
        }
    }

    /** Applies a fault; returns true when the normal answer should still follow (delay, cut stream). */
    private boolean misbehave(HttpExchange exchange, Fault fault) throws IOException {
        if (fault instanceof Fault.Status s) {
            if (s.retryAfter() > 0) {
                exchange.getResponseHeaders().set("Retry-After", String.valueOf(s.retryAfter()));
            }
            send(exchange, s.status(), answers.error(s.status(), "Simulated failure " + s.status()));
            return false;
        }
        if (fault instanceof Fault.Delay d) {
            sleep(d.millis());
            return true;
        }
        if (fault instanceof Fault.Stall) {
            sleep(MAX_STALL_MILLIS);
            return false;
        }
        if (fault instanceof Fault.Reset) {
            // Closing before any header is sent makes the JDK server drop the connection.
            exchange.close();
            return false;
        }
        if (fault instanceof Fault.Garbage) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            send(exchange, 200, "<html>definitely not JSON".getBytes(StandardCharsets.UTF_8));
            return false;
        }
        return true; // CutStream and SlowStream act inside stream()
    }

    private void answer(HttpExchange exchange, String path, JsonNode request, Fault fault) throws IOException {
        String id = "chatcmpl-sim-" + ids.incrementAndGet();
        switch (path.endsWith("/") ? path.substring(0, path.length() - 1) : path) {
            case "/v1/chat/completions" -> {
                if (request.path("stream").asBoolean(false)) {
                    stream(exchange, request, id, fault instanceof Fault.CutStream c ? c.afterChunks() : -1,
                            fault instanceof Fault.SlowStream slow ? slow.chunkDelayMillis() : 0);
                } else {
                    json(exchange, answers.chatCompletion(request, id));
                }
            }
            case "/v1/completions" -> json(exchange, answers.completion(request, "cmpl-sim-" + ids.get()));
            case "/v1/embeddings" -> json(exchange, answers.embeddings(request));
            case "/v1/models" -> json(exchange, answers.models());
            default -> send(exchange, 404, answers.error(404, "Unknown path " + path));
        }
    }

    private void stream(HttpExchange exchange, JsonNode request, String id, int cutAfter, long chunkDelayMillis) throws IOException {
        boolean includeUsage = request.path("stream_options").path("include_usage").asBoolean(false);
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        int sent = 0;
        for (byte[] event : answers.chatChunks(request, id, includeUsage)) {
            if (sent == cutAfter) {
                // Abandon the exchange mid-answer: the JDK server then drops the connection without the
                // closing chunk, which is what a provider crash looks like to the client.
                throw new StreamCut();
            }
            if (chunkDelayMillis > 0) {
                sleep(chunkDelayMillis);
            }
            out.write(event);
            out.flush();
            sent++;
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void control(HttpExchange exchange, String path, byte[] body) throws IOException {
        if (!"/_sim/faults".equals(path)) {
            send(exchange, 404, answers.error(404, "Unknown control path " + path));
            return;
        }
        switch (exchange.getRequestMethod()) {
            case "DELETE" -> {
                faults.clear();
                send(exchange, 204, new byte[0]);
            }
            case "POST" -> {
                JsonNode command = json.readTree(body);
                Fault fault = json.treeToValue(command.path("fault"), Fault.class);
                String model = command.hasNonNull("model") ? command.get("model").asText() : null;
                faults.arm(model, command.path("times").asInt(-1), fault);
                send(exchange, 204, new byte[0]);
            }
            default -> send(exchange, 405, answers.error(405, "Use POST or DELETE"));
        }
    }

    private static RecordedRequest record(HttpExchange exchange, String path, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            headers.put(lower, lower.equals("authorization") ? "(present)" : String.join(",", values));
        });
        return new RecordedRequest(exchange.getRequestMethod(), path, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static void json(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, 200, body);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (!exchange.getResponseHeaders().containsKey("Content-Type") && body.length > 0) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private void sleep(long millis) {
        try {
            stopped.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Unwinds a stream handler so the server drops the connection. */
    private static final class StreamCut extends RuntimeException {
        StreamCut() {
            super("simulated stream cut", null, false, false);
        }
    }

}
