package dev.modelgate.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Anthropic's Messages API: {@code POST /v1/messages} (a policy's base URL is {@code http://127.0.0.1:PORT/v1}).
 * Requires {@code x-api-key} when the simulator has a key, the {@code anthropic-version} header and {@code max_tokens},
 * and refuses fields Anthropic does not know ({@link AnthropicSchema}); {@code POST /v1/messages/count_tokens}
 * counts a body's input tokens by the same word rule as the answers' usage.
 */
final class AnthropicDialect implements Dialect {

    private static final String MESSAGES = "/v1/messages";
    private static final String COUNT = "/v1/messages/count_tokens";

    private final AnthropicAnswers answers;
    private final Wire wire;
    private final AtomicLong ids;
    private final ExpectedKey apiKey;

    AnthropicDialect(AnthropicAnswers answers, Wire wire, AtomicLong ids, ExpectedKey apiKey) {
        this.answers = answers;
        this.wire = wire;
        this.ids = ids;
        this.apiKey = apiKey;
    }

    @Override
    public boolean serves(String path) {
        return path.equals(MESSAGES) || path.startsWith(MESSAGES + "/");
    }

    @Override
    public Optional<Refusal> admit(HttpExchange exchange) {
        Optional<ExpectedKey.Problem> key = apiKey.check(exchange.getRequestHeaders().getFirst("x-api-key"));
        if (key.isPresent()) {
            return Optional.of(new Refusal(401, answers.error(401,
                    key.get() == ExpectedKey.Problem.MISSING ? "x-api-key header is required" : "invalid x-api-key")));
        }
        if (exchange.getRequestHeaders().getFirst("anthropic-version") == null) {
            return Optional.of(new Refusal(400, answers.error(400, "anthropic-version: header is required")));
        }
        return Optional.empty();
    }

    @Override
    public Optional<Refusal> validate(Call call) {
        if (call.path().equals(COUNT)) {
            // Anthropic's count takes a Messages body without max_tokens and stream, and refuses them.
            for (String refused : new String[]{"max_tokens", "stream"}) {
                if (call.body().has(refused)) {
                    return Optional.of(new Refusal(400, answers.error(400, refused + ": Extra inputs are not permitted")));
                }
            }
            return AnthropicSchema.check(call.body()).map(problem -> new Refusal(400, answers.error(400, problem)));
        }
        if (!call.path().equals(MESSAGES)) {
            return Optional.of(new Refusal(404, answers.error(404, "Not found: " + call.path())));
        }
        if (!call.body().path("max_tokens").canConvertToInt() || call.body().path("max_tokens").asInt() < 1) {
            return Optional.of(new Refusal(400, answers.error(400, "max_tokens: Field required")));
        }
        return AnthropicSchema.check(call.body()).map(problem -> new Refusal(400, answers.error(400, problem)));
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
    public byte[] failure(Fault.Status fault) {
        return answers.error(fault.status(), switch (fault.status()) {
            case 429 -> "Number of request tokens has exceeded your per-minute rate limit (simulated)";
            case 529 -> "Overloaded";
            default -> "Simulated failure " + fault.status();
        });
    }

    @Override
    public void answer(Call call, Fault fault) throws IOException {
        if (call.path().equals(COUNT)) {
            Wire.json(call.exchange(), answers.count(call.body()));
            return;
        }
        String id = "msg_sim_" + ids.incrementAndGet();
        if (call.body().path("stream").asBoolean(false)) {
            wire.stream(call.exchange(), answers.events(call.body(), id), null, fault, answers.streamError());
        } else {
            Wire.json(call.exchange(), answers.message(call.body(), id));
        }
    }
}
