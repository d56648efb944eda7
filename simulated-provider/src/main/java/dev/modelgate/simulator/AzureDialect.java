package dev.modelgate.simulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Azure OpenAI's deployment URLs: {@code POST /openai/deployments/{deployment}/chat/completions?api-version=...},
 * {@code .../completions} and {@code .../embeddings}. The deployment is the model, for faults and in the answer.
 * The key comes in {@code api-key} (an Authorization header is not a key here), and api-version is required.
 */
final class AzureDialect implements Dialect {

    private static final String PREFIX = "/openai/deployments/";

    private final Answers answers;
    private final AzureAnswers azure;
    private final Wire wire;
    private final AtomicLong ids;
    private final ExpectedKey apiKey;

    AzureDialect(Answers answers, AzureAnswers azure, Wire wire, AtomicLong ids, ExpectedKey apiKey) {
        this.answers = answers;
        this.azure = azure;
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
        if (apiKey.check(exchange.getRequestHeaders().getFirst("api-key")).isPresent()) {
            return Optional.of(new Refusal(401, azure.error(401, "Access denied due to invalid subscription key or wrong API "
                    + "endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API "
                    + "endpoint for your resource.")));
        }
        if (Call.query(exchange).getOrDefault("api-version", "").isBlank()) {
            return Optional.of(new Refusal(400, azure.badApiVersion()));
        }
        return Optional.empty();
    }

    @Override
    public Optional<Refusal> validate(Call call) {
        return switch (operation(call)) {
            case "chat/completions", "completions", "embeddings" -> Optional.empty();
            default -> Optional.of(new Refusal(404, azure.error(404, "Resource not found")));
        };
    }

    /** The deployment, the path segment after /openai/deployments/. */
    @Override
    public String model(Call call) {
        String rest = call.path().substring(PREFIX.length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    private String operation(Call call) {
        String rest = call.path().substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String operation = slash < 0 ? "" : rest.substring(slash + 1);
        return operation.endsWith("/") ? operation.substring(0, operation.length() - 1) : operation;
    }

    @Override
    public byte[] error(int status, String message) {
        return azure.error(status, message);
    }

    @Override
    public byte[] failure(Fault.Status fault) {
        if (fault.status() == 429) {
            int seconds = Math.max(1, fault.retryAfter());
            return azure.error(429, "Requests to the ChatCompletions_Create Operation under Azure OpenAI API have exceeded "
                    + "call rate limit of your current OpenAI S0 pricing tier. Please retry after " + seconds + " second"
                    + (seconds == 1 ? "" : "s") + ". (simulated)");
        }
        return Dialect.super.failure(fault);
    }

    @Override
    public void answer(Call call, Fault fault) throws IOException {
        String operation = operation(call);
        if (fault instanceof Fault.ContentFilter && !operation.equals("embeddings")) {
            Wire.send(call.exchange(), 400, azure.contentFilterError());
            return;
        }
        // Azure needs no model in the body: the deployment is the model, in the answer too.
        ObjectNode request = call.body().isObject() ? ((ObjectNode) call.body()).deepCopy() : JsonNodeFactory.instance.objectNode();
        request.put("model", model(call));
        switch (operation) {
            case "chat/completions" -> {
                String id = "chatcmpl-sim-" + ids.incrementAndGet();
                if (request.path("stream").asBoolean(false)) {
                    boolean includeUsage = request.path("stream_options").path("include_usage").asBoolean(false);
                    wire.stream(call.exchange(), azure.chunks(answers.chatChunkNodes(request, id, includeUsage)),
                            OpenAiDialect.DONE, fault, answers.streamError());
                } else {
                    Wire.json(call.exchange(), azure.filtered(answers.chatCompletionNode(request, id)));
                }
            }
            case "completions" -> Wire.json(call.exchange(), azure.filtered(answers.completionNode(request, "cmpl-sim-" + ids.incrementAndGet())));
            default -> Wire.json(call.exchange(), answers.embeddings(request));
        }
    }
}
