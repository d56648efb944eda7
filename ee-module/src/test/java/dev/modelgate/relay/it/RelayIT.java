package dev.modelgate.relay.it;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.modelgate.simulator.Fault;
import dev.modelgate.simulator.SimulatedProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The relay on a real Open Liberty (started by the build), called with the official OpenAI Java SDK,
 * in front of a real simulated provider on 127.0.0.1:18181 that plays both deployments of the test
 * policy's alias {@code chat}: sim-primary, then sim-backup.
 */
class RelayIT {

    static final int PORT = Integer.getInteger("modelgate.it.port", 19080);
    static final String KEY = System.getProperty("modelgate.it.key", "sk-modelgate-it-demo-key");
    static final String BASE = "http://127.0.0.1:" + PORT + "/v1";
    /** The admin API's credentials on the test server (HTTP Basic users admin and finance, the ingest bearer token). */
    static final String ADMIN = basic("admin", System.getProperty("modelgate.it.admin", "it-admin-password"));
    static final String FINANCE = basic("finance", System.getProperty("modelgate.it.finance", "it-finance-password"));
    static final String INGEST = "Bearer " + System.getProperty("modelgate.it.ingest", "it-ingest-token");

    static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static SimulatedProvider sim;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        sim = SharedSimulator.get();
        client = OpenAIOkHttpClient.builder().baseUrl(BASE).apiKey(KEY).maxRetries(0).timeout(Duration.ofSeconds(20)).build();
    }

    @BeforeEach
    void reset() {
        sim.clear();
    }

    private static ChatCompletionCreateParams ask(String text) {
        return ask("chat", text);
    }

    private static ChatCompletionCreateParams ask(String alias, String text) {
        return ChatCompletionCreateParams.builder().model(alias).addUserMessage(text).build();
    }

    @Test
    void answersThroughTheFirstDeploymentWithProviderUsageAndCost() {
        var raw = client.chat().completions().withRawResponse().create(ask("solo", "What is the capital of France?"));
        ChatCompletion answer = raw.parse();

        assertThat(answer.choices().get(0).message().content()).hasValue("Simulated answer to: What is the capital of France?");
        assertThat(answer.model()).isEqualTo("sim-solo");
        assertThat(answer._additionalProperties().get("provider")).isEqualTo(JsonValue.from("sim"));
        assertThat(answer.usage()).isPresent();
        assertThat(answer.usage().get().promptTokens()).isEqualTo(6);
        // 6 prompt tokens at 1 USD/Mtok + 9 completion tokens at 2 USD/Mtok = 24 micro-USD
        assertThat(new java.math.BigDecimal(answer.usage().get()._additionalProperties().get("cost").toString()))
                .isEqualByComparingTo("0.000024");
        assertThat(raw.headers().values("x-modelgate-provider")).containsExactly("sim");
        assertThat(raw.headers().values("x-modelgate-model")).containsExactly("sim-solo");
        assertThat(raw.headers().values("x-request-id")).singleElement().asString().startsWith("gen-");
        assertThat(sim.requests()).singleElement().satisfies(r -> assertThat(r.body()).contains("\"model\":\"sim-solo\""));
    }

    @Test
    void failsOverWhenThePrimaryIsDownAndRetriesA429HonouringRetryAfter() {
        sim.faults().forModel("sim-primary", -1, Fault.status(503));
        ChatCompletion answer = client.chat().completions().create(ask("hello"));
        assertThat(answer.model()).isEqualTo("sim-backup");
        assertThat(sim.requests()).hasSize(3); // primary tried twice (max_retries 1), then the backup

        sim.faults().forModel("sim-retry-a", 1, Fault.status(429, 1));
        long start = System.nanoTime();
        ChatCompletion retried = client.chat().completions().create(ask("retry", "hello again"));
        assertThat(retried.model()).isEqualTo("sim-retry-a");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theGenerationRecordListsEveryAttemptAndOnlyItsOwnKeySeesIt() throws Exception {
        sim.faults().forModel("sim-trace-a", 2, Fault.status(503));
        var raw = client.chat().completions().withRawResponse().create(ask("traced", "trace me"));
        String id = raw.headers().values("x-request-id").get(0);
        assertThat(raw.parse().id()).isEqualTo(id);

        HttpResponse<String> record = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(BASE + "/generations/" + id))
                .header("Authorization", "Bearer " + KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(record.statusCode()).isEqualTo(200);
        var data = new com.fasterxml.jackson.databind.ObjectMapper().readTree(record.body()).path("data");
        assertThat(data.path("provider_name").asText()).isEqualTo("sim");
        assertThat(data.path("upstream_model").asText()).isEqualTo("sim-trace-b");
        assertThat(data.path("attempts")).extracting(a -> a.path("deployment").asText() + " " + a.path("status").asInt())
                .containsExactly("sim/sim-trace-a 503", "sim/sim-trace-a 503", "sim/sim-trace-b 200");

        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + PORT + "/admin/providers/health")).header("Authorization", INGEST).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(health.body())
                .at("/deployments/sim~1sim-trace-a/circuit").asText()).as("listed; two failures are below the breaker's minimum of calls, so no error rate yet").isEqualTo("closed");

        HttpResponse<String> stranger = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(BASE + "/generations/" + id))
                .header("Authorization", "Bearer sk-someone-else").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stranger.statusCode()).isEqualTo(401);
    }

    @Test
    void aPrimaryTooSlowForItsTimeoutFailsOver() {
        sim.faults().forModel("sim-slow-a", 2, Fault.delay(4000)); // the test policy allows 3 s
        assertThat(client.chat().completions().create(ask("slow", "slow?")).model()).isEqualTo("sim-slow-b");
    }

    @Test
    void allDeploymentsDownIsA502InOpenAisShape() {
        sim.faults().always(Fault.status(500));
        assertThatThrownBy(() -> client.chat().completions().create(ask("down", "anyone?")))
                .isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(502);
                    assertThat(e.getMessage()).contains("sim/sim-down-a", "sim/sim-down-b");
                });
    }

    @Test
    void streamsChunksWithUsageWhenAsked() {
        ChatCompletionCreateParams params = ask("solo", "Stream me a reply").toBuilder()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        StringBuilder text = new StringBuilder();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk);
                chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
            });
        }
        assertThat(text.toString()).isEqualTo("Simulated answer to: Stream me a reply");
        assertThat(chunks.get(chunks.size() - 1).usage()).isPresent();
        assertThat(sim.requests().get(0).body()).contains("\"include_usage\":true");
    }

    @Test
    void usageIsAskedUpstreamButNotForwardedWhenTheClientDidNotAsk() {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask("solo", "no usage please"))) {
            stream.stream().forEach(chunks::add);
        }
        assertThat(chunks).isNotEmpty().allSatisfy(c -> assertThat(c.usage()).isEmpty());
        assertThat(sim.requests().get(0).body()).contains("\"include_usage\":true");
    }

    @Test
    void aStreamThatFailsBeforeTheFirstByteFailsOverAndOneCutMidAnswerEndsWithAnErrorEvent() throws Exception {
        sim.faults().forModel("sim-stream-a", 2, Fault.status(503));
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask("stream", "fail over"))) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
        }
        assertThat(text.toString()).isEqualTo("Simulated answer to: fail over");

        sim.faults().forModel("sim-cut-a", 1, Fault.cutStream(2));
        HttpResponse<String> cut = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(BASE + "/chat/completions"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"cut\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"cut\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(cut.statusCode()).isEqualTo(200);
        assertThat(cut.body()).contains("\"code\":\"stream_interrupted\"").doesNotContain("[DONE]");
        // The two chunks delivered (the role, then the answer's first words) are billed; the call is recorded as interrupted.
        var generation = generation(cut.headers().firstValue("x-request-id").orElseThrow());
        assertThat(generation.path("outcome").asText()).isEqualTo("interrupted: stream cut");
        assertThat(generation.path("provider_name").asText()).isEqualTo("sim");
        assertThat(generation.path("tokens_completion").asLong()).isPositive();
        assertThat(new java.math.BigDecimal(generation.path("total_cost").asText())).isPositive();
    }

    @Test
    void aStreamCutBeforeItsFirstChunkFailsOverBecauseNothingReachedTheClient() throws Exception {
        sim.faults().forModel("sim-cut-a", 1, Fault.cutStream(0));
        HttpResponse<String> answer = post("{\"model\":\"cut\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"cut early\"}]}");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("x-modelgate-model")).hasValue("sim-cut-b");
        assertThat(answer.body()).contains("\"content\":\"Simulate").contains("data: [DONE]").doesNotContain("stream_interrupted");
        var generation = generation(answer.headers().firstValue("x-request-id").orElseThrow());
        assertThat(generation.at("/attempts/0/outcome").asText()).isEqualTo("stream ended before its first chunk");
        assertThat(generation.path("outcome").asText()).isEqualTo("ok");
    }

    @Test
    void aTwoHundredWhoseBodyIsNotJsonFailsOver() throws Exception {
        sim.faults().forModel("sim-cut-a", 1, Fault.garbage());
        HttpResponse<String> answer = post("{\"model\":\"cut\",\"messages\":[{\"role\":\"user\",\"content\":\"garbage first\"}]}");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("x-modelgate-model")).hasValue("sim-cut-b");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body()).at("/choices/0/message/content").asText())
                .isEqualTo("Simulated answer to: garbage first");
        var generation = generation(answer.headers().firstValue("x-request-id").orElseThrow());
        assertThat(generation.at("/attempts/0/outcome").asText()).isEqualTo("unreadable answer");
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(BASE + "/chat/completions"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The generation record of a request, once it is written (a stream's after its last byte). */
    private static com.fasterxml.jackson.databind.JsonNode generation(String id) throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> record = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(BASE + "/generations/" + id))
                    .header("Authorization", "Bearer " + KEY).build(), HttpResponse.BodyHandlers.ofString());
            if (record.statusCode() == 200) {
                return json.readTree(record.body()).path("data");
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no generation record for " + id);
    }

    @Test
    void aClientLeavingMidStreamCancelsTheCallWithoutBlamingTheProvider() throws Exception {
        sim.faults().forModel("sim-slowstream", 1, Fault.slowStream(300));
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(BASE + "/chat/completions"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"slowstream\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"long answer please\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        String id = response.headers().firstValue("x-request-id").orElseThrow();
        try (var in = response.body()) {
            assertThat(in.read()).isNotEqualTo(-1); // the first event arrived; then the client gives up
        }
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        String outcome = "";
        com.fasterxml.jackson.databind.JsonNode generation = json.nullNode();
        for (int i = 0; i < 50 && !outcome.equals("interrupted: client disconnected"); i++) {
            Thread.sleep(100);
            HttpResponse<String> record = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(BASE + "/generations/" + id))
                    .header("Authorization", "Bearer " + KEY).build(), HttpResponse.BodyHandlers.ofString());
            generation = record.statusCode() == 200 ? json.readTree(record.body()).path("data") : json.nullNode();
            outcome = generation.path("outcome").asText("");
        }
        assertThat(outcome).isEqualTo("interrupted: client disconnected");
        // Billed for what reached the client (the prompt, and the answer's first words), not nothing and not the reservation.
        assertThat(generation.path("tokens_prompt").asLong()).isPositive();
        assertThat(generation.path("tokens_completion").asLong()).isPositive().isLessThan(20);
        assertThat(new java.math.BigDecimal(generation.path("total_cost").asText())).isPositive();
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + PORT + "/admin/providers/health")).header("Authorization", INGEST).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(json.readTree(health.body()).at("/deployments/sim~1sim-slowstream/error_rate").asDouble()).isZero();
    }

    @Test
    void aFailingDeploymentsBreakerOpensThenLetsATrialThroughAndCloses() throws Exception {
        sim.faults().forModel("sim-brk", -1, Fault.status(500));
        for (int i = 0; i < 4; i++) { // the breaker's window is 4 calls
            assertThatThrownBy(() -> client.chat().completions().create(ask("breaker", "fail")))
                    .isInstanceOfSatisfying(OpenAIServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(502));
        }
        assertThatThrownBy(() -> client.chat().completions().create(ask("breaker", "open now")))
                .isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("circuit breaker open");
                });
        assertThat(sim.requests()).hasSize(4); // the open circuit kept the fifth call away from the provider

        sim.faults().clear();
        Thread.sleep(1600); // breaker_delay_ms 1500
        assertThat(client.chat().completions().create(ask("breaker", "trial")).model()).isEqualTo("sim-brk");
        assertThat(client.chat().completions().create(ask("breaker", "closed again")).model()).isEqualTo("sim-brk");
    }

    @Test
    void refusesMissingOrWrongKeysUnknownModelsAndGuardrailHits() {
        OpenAIClient stranger = OpenAIOkHttpClient.builder().baseUrl(BASE).apiKey("sk-wrong").maxRetries(0).build();
        assertThatThrownBy(() -> stranger.chat().completions().create(ask("hi"))).isInstanceOf(UnauthorizedException.class);

        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-nonexistent").addUserMessage("hi").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.getMessage()).contains("does not exist"));

        String secret = "AKIA4N7QZRWX3KDP6TLB";
        assertThatThrownBy(() -> client.chat().completions().create(ask("my key is " + secret)))
                .isInstanceOfSatisfying(PermissionDeniedException.class, e ->
                        assertThat(e.getMessage()).contains("no-secrets").doesNotContain(secret));
        assertThat(sim.requests()).isEmpty();
    }

    @Test
    void redactedPromptsReachTheProviderWithoutTheCardNumber() {
        client.chat().completions().create(ask("solo", "refund card 4111 1111 1111 1111 today"));
        assertThat(sim.requests()).singleElement().satisfies(r ->
                assertThat(r.body()).doesNotContain("4111 1111 1111 1111").contains("[REDACTED:CREDIT_CARD]"));
    }

    @Test
    void malformedJsonIsA400InOpenAisShape() throws Exception {
        HttpResponse<String> bad = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(BASE + "/chat/completions"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"chat\", \"messages\": [")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).startsWith("{\"error\":{").contains("\"type\":\"invalid_request_error\"");
    }

    @Test
    void costIsWrittenAsAPlainDecimal() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(BASE + "/chat/completions"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"solo\",\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.body()).contains("\"cost\":0.000024").contains("\"provider\":\"sim\"");
    }

    @Test
    void anOversizedBodyIsRefusedWith413BeforeItIsRead() throws Exception {
        byte[] huge = new byte[9 * 1024 * 1024]; // the policy default limit is 8 MiB
        java.util.Arrays.fill(huge, (byte) 'a');
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(BASE + "/chat/completions"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.body()).contains("\"code\":\"too_large\"");
        assertThat(sim.requests()).isEmpty();
    }

    @Test
    void relaysEmbeddingsAndCompletionsThroughTheSdk() {
        var embeddings = client.embeddings().create(com.openai.models.embeddings.EmbeddingCreateParams.builder()
                .model("embed").input("the quick brown fox").build());
        assertThat(embeddings.data()).singleElement().satisfies(e -> assertThat(e.embedding()).hasSize(8));
        assertThat(embeddings.usage().promptTokens()).isEqualTo(4);
        assertThat(sim.requests()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/v1/embeddings");
            assertThat(r.body()).contains("\"model\":\"sim-embed\"");
        });

        var completion = client.completions().create(com.openai.models.completions.CompletionCreateParams.builder()
                .model("solo").prompt("Once upon a time").build());
        assertThat(completion.choices().get(0).text()).startsWith("Simulated completion of: Once upon a time");

        assertThatThrownBy(() -> client.embeddings().create(com.openai.models.embeddings.EmbeddingCreateParams.builder()
                .model("solo").input("chat models do not embed").build()))
                .isInstanceOfSatisfying(OpenAIServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(503));
    }

    @Test
    void hostedProvidersWithoutAConfiguredKeyAreSkippedNotCalled() {
        var raw = client.chat().completions().withRawResponse().create(ask("keyless", "hi"));
        assertThat(raw.parse().model()).isEqualTo("sim-keyless");
        assertThat(raw.headers().values("x-modelgate-provider")).containsExactly("sim");
    }

    @Test
    void listsTheAliasesWithPricing() throws Exception {
        HttpResponse<String> models = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(BASE + "/models"))
                .header("Authorization", "Bearer " + KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.body()).contains("\"id\":\"chat\"", "\"prompt\":\"0.000001\"", "\"completion\":\"0.000002\"");
    }
}
