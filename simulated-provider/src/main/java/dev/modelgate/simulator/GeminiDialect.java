package dev.modelgate.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gemini's API: {@code POST /v1beta/models/{model}:generateContent}, {@code :streamGenerateContent?alt=sse}
 * (without alt=sse the stream comes as one JSON array, as Google sends it) and {@code :batchEmbedContents}. The model in the path is the one
 * faults match. With a key configured, it must come in {@code x-goog-api-key}; a {@code key} query parameter
 * is not accepted, because a relay should never put a key in a URL that proxies and logs keep.
 */
final class GeminiDialect implements Dialect {

    private static final String PREFIX = "/v1beta/models/";
    private static final String EMBED = "batchEmbedContents";

    private final GeminiAnswers answers;
    private final ObjectMapper json;
    private final Wire wire;
    private final AtomicLong ids;
    private final ExpectedKey apiKey;

    GeminiDialect(GeminiAnswers answers, ObjectMapper json, Wire wire, AtomicLong ids, ExpectedKey apiKey) {
        this.answers = answers;
        this.json = json;
        this.wire = wire;
        this.ids = ids;
        this.apiKey = apiKey;
    }

    @Override
    public boolean serves(String path) {
        return path.startsWith(PREFIX);
    }

    @Override
    public Optional<Refusal> admit(HttpExchange exchange) {
        return apiKey.check(exchange.getRequestHeaders().getFirst("x-goog-api-key")).map(problem -> switch (problem) {
            case MISSING -> new Refusal(401, answers.error(401,
                    "Method doesn't allow unregistered callers. Please use an API key (x-goog-api-key header)."));
            case WRONG -> new Refusal(403, answers.error(403, "API key not valid. Please pass a valid API key."));
        });
    }

    @Override
    public Optional<Refusal> validate(Call call) {
        String method = method(call.path());
        if (model(call).isEmpty() || !List.of("generateContent", "streamGenerateContent", EMBED).contains(method)) {
            return Optional.of(new Refusal(404, answers.error(404, "Method not found: " + call.path())));
        }
        if (method.equals(EMBED)) {
            return call.body().path("requests").isArray() && !call.body().path("requests").isEmpty() ? Optional.empty()
                    : Optional.of(new Refusal(400, answers.error(400, "* BatchEmbedContentsRequest.requests: requests is not specified")));
        }
        if (!call.body().path("contents").isArray() || call.body().path("contents").isEmpty()) {
            return Optional.of(new Refusal(400, answers.error(400, "* GenerateContentRequest.contents: contents is not specified")));
        }
        return Optional.empty();
    }

    /** The model between "/v1beta/models/" and the ":method" suffix. */
    @Override
    public String model(Call call) {
        String rest = call.path().substring(PREFIX.length());
        int colon = rest.lastIndexOf(':');
        return colon < 0 ? "" : rest.substring(0, colon);
    }

    private static String method(String path) {
        int colon = path.lastIndexOf(':');
        return colon < 0 ? "" : path.substring(colon + 1);
    }

    @Override
    public byte[] error(int status, String message) {
        return answers.error(status, message);
    }

    @Override
    public byte[] failure(Fault.Status fault) {
        String message = switch (fault.status()) {
            case 429 -> "Resource has been exhausted (e.g. check quota).";
            case 503 -> "The model is overloaded. Please try again later.";
            case 500 -> "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting";
            default -> "Simulated failure " + fault.status();
        };
        return answers.error(fault.status(), message, fault.retryAfter());
    }

    @Override
    public void answer(Call call, Fault fault) throws IOException {
        if (method(call.path()).equals(EMBED)) {
            Wire.json(call.exchange(), answers.embeddings(call.body()));
            return;
        }
        String model = model(call);
        String responseId = "sim-" + ids.incrementAndGet();
        boolean streamed = method(call.path()).equals("streamGenerateContent");
        boolean sse = "sse".equals(call.query().get("alt"));
        List<ObjectNode> chunks = fault instanceof Fault.SafetyBlock ? List.of(answers.safetyBlock(call.body(), model))
                : streamed ? answers.chunks(call.body(), model, responseId) : List.of();
        if (!streamed) {
            Wire.json(call.exchange(), fault instanceof Fault.SafetyBlock ? Answers.bytes(chunks.get(0))
                    : answers.response(call.body(), model, responseId));
        } else if (sse) {
            wire.stream(call.exchange(), chunks.stream().map(Answers::sse).toList(), null, fault, answers.streamError());
        } else {
            ArrayNode array = json.createArrayNode();
            chunks.forEach(array::add);
            Wire.json(call.exchange(), Answers.bytes(array));
        }
    }
}
