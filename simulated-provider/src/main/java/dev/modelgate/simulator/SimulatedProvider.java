package dev.modelgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP server on 127.0.0.1 that speaks several providers' wire formats on one port, and misbehaves on
 * command through {@link #faults()} or {@code POST /_sim/faults}. Used by the relay's tests and by the standalone demo.
 * <ul>
 *   <li>OpenAI: {@code /v1/chat/completions}, {@code /v1/completions}, {@code /v1/embeddings}, {@code /v1/models},
 *       {@code /v1/images/generations}, {@code /v1/audio/speech}, {@code /v1/audio/transcriptions} (multipart)
 *       ({@code Authorization: Bearer KEY}).</li>
 *   <li>Anthropic: {@code POST /v1/messages} ({@code x-api-key}, {@code anthropic-version}).</li>
 *   <li>Gemini: {@code POST /v1beta/models/{model}:generateContent}, {@code :streamGenerateContent?alt=sse}
 *       and {@code :batchEmbedContents} ({@code x-goog-api-key}).</li>
 *   <li>Azure OpenAI: {@code POST /openai/deployments/{deployment}/chat/completions|completions|embeddings?api-version=...}
 *       ({@code api-key}).</li>
 * </ul>
 * Each format answers from the request with the same text and word-count token rule, so tests can compare them.
 * Faults match the request's model: the body's {@code model}, Gemini's model in the path, Azure's deployment.
 */
public final class SimulatedProvider implements AutoCloseable {

    /** Longest a stalled request is held, so a forgotten stall cannot pin a thread forever. */
    static final long MAX_STALL_MILLIS = TimeUnit.MINUTES.toMillis(5);

    /** The headers that carry a key in some provider format: recorded only as {@link #PRESENT}. */
    private static final Set<String> KEY_HEADERS = Set.of("authorization", "x-api-key", "x-goog-api-key", "api-key");
    private static final String PRESENT = "(present)";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Faults faults = new Faults();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong ids = new AtomicLong();
    private final ObjectMapper json = new ObjectMapper();
    private final Answers answers = new Answers(json);
    private final PromptCache promptCache = new PromptCache();
    /** The wire formats, most specific paths first: OpenAI's takes whatever the others leave. */
    private final List<Dialect> dialects;

    private SimulatedProvider(int port, Optional<String> key) throws IOException {
        ExpectedKey apiKey = new ExpectedKey(key);
        Wire wire = new Wire(this::sleep);
        this.dialects = List.of(
                new AnthropicDialect(new AnthropicAnswers(json, promptCache), wire, ids, apiKey),
                new GeminiDialect(new GeminiAnswers(json), json, wire, ids, apiKey),
                new AzureDialect(answers, new AzureAnswers(json, answers), wire, ids, apiKey),
                new OpenAiDialect(answers, wire, ids, apiKey));
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

    /**
     * Starts on 127.0.0.1; port 0 picks a free one. With an API key, requests must bring it the way their format
     * does: a Bearer token (OpenAI), x-api-key (Anthropic), x-goog-api-key (Gemini), api-key (Azure).
     */
    public static SimulatedProvider start(int port, Optional<String> apiKey) throws IOException {
        return new SimulatedProvider(port, apiKey);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** "http://127.0.0.1:PORT/v1", the base URL an OpenAI or Anthropic client or a policy's base_url uses. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    /** "http://127.0.0.1:PORT", the root a Gemini client (adds /v1beta/models/...) or an Azure endpoint (adds /openai/...) uses. */
    public String rootUrl() {
        return "http://127.0.0.1:" + port();
    }

    public Faults faults() {
        return faults;
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Forgets recorded requests, faults and Anthropic's prompt cache: a test starts from nothing. */
    public void clear() {
        requests.clear();
        faults.clear();
        promptCache.clear();
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
            serve(exchange, path, body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Wire.send(exchange, 400, answers.error(400, "We could not parse the JSON body of your request."));
        }
    }

    private void serve(HttpExchange exchange, String path, byte[] body) throws IOException {
        Dialect dialect = dialects.stream().filter(d -> d.serves(path)).findFirst().orElseThrow();
        Optional<Refusal> refused = dialect.admit(exchange);
        if (refused.isPresent()) {
            Wire.send(exchange, refused.get().status(), refused.get().body());
            return;
        }
        JsonNode request;
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")) {
            request = MultipartFields.read(json, contentType, body);
            if (request == null) {
                Wire.send(exchange, 400, dialect.error(400, "We could not parse the multipart form of your request."));
                return;
            }
        } else {
            try {
                request = body.length == 0 ? json.createObjectNode() : json.readTree(body);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                Wire.send(exchange, 400, dialect.error(400, "We could not parse the JSON body of your request."));
                return;
            }
        }
        Call call = new Call(exchange, path, Call.query(exchange), request);
        refused = dialect.validate(call);
        if (refused.isPresent()) {
            Wire.send(exchange, refused.get().status(), refused.get().body());
            return;
        }
        Optional<Fault> fault = faults.take(dialect.model(call));
        if (fault.isPresent() && !misbehave(exchange, dialect, fault.get())) {
            return;
        }
        dialect.answer(call, fault.orElse(null));
    }

    /** Applies a fault; returns true when the normal answer should still follow (delay, and faults acting inside it). */
    private boolean misbehave(HttpExchange exchange, Dialect dialect, Fault fault) throws IOException {
        if (fault instanceof Fault.Status s) {
            if (s.retryAfter() > 0) {
                exchange.getResponseHeaders().set("Retry-After", String.valueOf(s.retryAfter()));
            }
            Wire.send(exchange, s.status(), dialect.failure(s));
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
            Wire.send(exchange, 200, "<html>definitely not JSON".getBytes(StandardCharsets.UTF_8));
            return false;
        }
        return true; // the rest act inside the answer: streams and format-specific refusals
    }

    private void control(HttpExchange exchange, String path, byte[] body) throws IOException {
        if (!"/_sim/faults".equals(path)) {
            Wire.send(exchange, 404, answers.error(404, "Unknown control path " + path));
            return;
        }
        switch (exchange.getRequestMethod()) {
            case "DELETE" -> {
                faults.clear();
                Wire.send(exchange, 204, new byte[0]);
            }
            case "POST" -> {
                JsonNode command = json.readTree(body);
                Fault fault = json.treeToValue(command.path("fault"), Fault.class);
                String model = command.hasNonNull("model") ? command.get("model").asText() : null;
                faults.arm(model, command.path("times").asInt(-1), fault);
                Wire.send(exchange, 204, new byte[0]);
            }
            default -> Wire.send(exchange, 405, answers.error(405, "Use POST or DELETE"));
        }
    }

    private static RecordedRequest record(HttpExchange exchange, String path, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            headers.put(lower, KEY_HEADERS.contains(lower) ? PRESENT : String.join(",", values));
        });
        Map<String, String> query = new LinkedHashMap<>(Call.query(exchange));
        query.replaceAll((name, value) -> name.equals("key") ? PRESENT : value);
        return new RecordedRequest(exchange.getRequestMethod(), path, headers, new String(body, StandardCharsets.UTF_8),
                Map.copyOf(query));
    }

    private void sleep(long millis) {
        try {
            stopped.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
