package dev.modelgate.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** OpenAI's API under /v1 (chat completions with streaming and tool calls, completions, embeddings, models): every path no other format claims. */
final class OpenAiDialect implements Dialect {

    /** The terminator of OpenAI's streams (and Azure's). */
    static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

    private final Answers answers;
    private final Wire wire;
    private final AtomicLong ids;
    private final ExpectedKey apiKey;
    private final MediaAnswers media;

    OpenAiDialect(Answers answers, Wire wire, AtomicLong ids, ExpectedKey apiKey) {
        this.answers = answers;
        this.wire = wire;
        this.ids = ids;
        this.apiKey = apiKey;
        this.media = new MediaAnswers(answers.json());
    }

    @Override
    public boolean serves(String path) {
        return true;
    }

    @Override
    public Optional<Refusal> admit(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String bearer = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
        if (apiKey.check(bearer).isPresent()) {
            return Optional.of(new Refusal(401, answers.error(401, "Incorrect API key provided.")));
        }
        return Optional.empty();
    }

    @Override
    public String model(Call call) {
        return call.body().path("model").asText("");
    }

    @Override
    public byte[] error(int status, String message) {
        return answers.error(status, message);
    }

    @Override
    public void answer(Call call, Fault fault) throws IOException {
        String path = call.path();
        String id = "chatcmpl-sim-" + ids.incrementAndGet();
        switch (path.endsWith("/") ? path.substring(0, path.length() - 1) : path) {
            case "/v1/chat/completions" -> {
                if (call.body().path("stream").asBoolean(false)) {
                    boolean includeUsage = call.body().path("stream_options").path("include_usage").asBoolean(false);
                    wire.stream(call.exchange(), answers.chatChunks(call.body(), id, includeUsage), DONE,
                            fault, answers.streamError());
                } else {
                    Wire.json(call.exchange(), answers.chatCompletion(call.body(), id));
                }
            }
            case "/v1/completions" -> Wire.json(call.exchange(), answers.completion(call.body(), "cmpl-sim-" + ids.get()));
            case "/v1/embeddings" -> Wire.json(call.exchange(), answers.embeddings(call.body()));
            case "/v1/models" -> Wire.json(call.exchange(), answers.models());
            case "/v1/images/generations" -> Wire.json(call.exchange(), media.images(call.body()));
            case "/v1/audio/speech" -> {
                call.exchange().getResponseHeaders().set("Content-Type", MediaAnswers.speechType(call.body()));
                Wire.send(call.exchange(), 200, media.speech(call.body()));
            }
            case "/v1/audio/transcriptions" -> {
                MediaAnswers.Transcript transcript = media.transcript(call.body());
                call.exchange().getResponseHeaders().set("Content-Type", transcript.contentType());
                Wire.send(call.exchange(), 200, transcript.body());
            }
            default -> Wire.send(call.exchange(), 404, answers.error(404, "Unknown path " + path));
        }
    }
}
