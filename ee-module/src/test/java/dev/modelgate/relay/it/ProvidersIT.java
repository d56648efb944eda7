package dev.modelgate.relay.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.modelgate.simulator.Fault;
import dev.modelgate.simulator.RecordedRequest;
import dev.modelgate.simulator.SimulatedProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One OpenAI-shaped client, three other wire formats behind the relay: the official OpenAI Java SDK calls
 * aliases served by Anthropic, Gemini and Azure OpenAI deployments (the simulator speaking each format on
 * 127.0.0.1:18181), and gets OpenAI's answers, streams, tool calls and usage back, with the provider-side
 * requests checked as the simulator received them.
 */
class ProvidersIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static SimulatedProvider sim;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        sim = SharedSimulator.get();
        client = OpenAIOkHttpClient.builder().baseUrl(RelayIT.BASE).apiKey(RelayIT.KEY).maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();
    }

    @BeforeEach
    void reset() {
        sim.clear();
    }

    private static ChatCompletionCreateParams.Builder ask(String alias, String text) {
        return ChatCompletionCreateParams.builder().model(alias).addUserMessage(text);
    }

    private static FunctionDefinition lookupTool() {
        return FunctionDefinition.builder().name("lookup").description("Looks a thing up")
                .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(java.util.Map.of("query", java.util.Map.of("type", "string"))))
                        .build())
                .build();
    }

    private static BigDecimal cost(ChatCompletion answer) {
        return new BigDecimal(answer.usage().orElseThrow()._additionalProperties().get("cost").toString());
    }

    private static RecordedRequest onlyRequest() {
        List<RecordedRequest> requests = sim.requests();
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    @Test
    void anAnthropicDeploymentAnswersInOpenAisFormatWithUsageAndCost() throws Exception {
        var raw = client.chat().completions().withRawResponse().create(ask("claude", "What is the capital of France?")
                .addSystemMessage("Be brief.").build());
        ChatCompletion answer = raw.parse();

        assertThat(answer.choices().get(0).message().content()).hasValue("Simulated answer to: What is the capital of France?");
        assertThat(answer.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(answer._additionalProperties().get("provider")).isEqualTo(JsonValue.from("simanthropic"));
        assertThat(raw.headers().values("x-modelgate-model")).containsExactly("sim-claude");
        // 8 prompt words (system + user) at 3 USD/Mtok + 9 answer words at 15 USD/Mtok = 159 micro-USD
        assertThat(answer.usage().orElseThrow().promptTokens()).isEqualTo(8);
        assertThat(answer.usage().orElseThrow().completionTokens()).isEqualTo(9);
        assertThat(cost(answer)).isEqualByComparingTo("0.000159");

        RecordedRequest sent = onlyRequest();
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(sent.headers()).containsEntry("x-api-key", "(present)").containsKey("anthropic-version")
                .doesNotContainKey("authorization");
        JsonNode body = JSON.readTree(sent.body());
        assertThat(body.path("model").asText()).isEqualTo("sim-claude");
        assertThat(body.path("system").toString()).contains("Be brief.");
        assertThat(body.path("max_tokens").asInt()).isPositive();
        assertThat(body.path("messages")).hasSize(1);
    }

    @Test
    void anAnthropicToolCallRoundTripsThroughTheSdk() throws Exception {
        ChatCompletionCreateParams first = ask("claude", "Please call tool for the weather").addFunctionTool(lookupTool()).build();
        ChatCompletion called = client.chat().completions().create(first);

        assertThat(called.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageFunctionToolCall call = called.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call.function().name()).isEqualTo("lookup");
        assertThat(JSON.readTree(call.function().arguments())).isEqualTo(JSON.readTree("{\"query\":\"simulated\"}"));

        sim.clear();
        ChatCompletion answered = client.chat().completions().create(first.toBuilder()
                .addMessage(called.choices().get(0).message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("sunny and warm").build())
                .build());
        assertThat(answered.choices().get(0).message().content()).hasValueSatisfying(t -> assertThat(t).startsWith("Simulated answer"));
        JsonNode messages = JSON.readTree(onlyRequest().body()).path("messages");
        assertThat(messages.get(1).path("content").get(0).path("type").asText()).isEqualTo("tool_use");
        assertThat(messages.get(2).path("content").get(0).path("type").asText()).isEqualTo("tool_result");
        assertThat(messages.get(2).path("content").get(0).path("tool_use_id").asText()).isEqualTo(call.id());
    }

    @Test
    void anAnthropicStreamArrivesAsOpenAiChunksWithExactUsage() {
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        ChatCompletionChunk last = null;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ask("claude", "Stream the capital of France").streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
                accumulator.accumulate(chunk);
                last = chunk;
            }
        }
        ChatCompletion whole = accumulator.chatCompletion();
        assertThat(whole.choices().get(0).message().content()).hasValue("Simulated answer to: Stream the capital of France");
        assertThat(last.usage()).hasValueSatisfying(u -> {
            assertThat(u.promptTokens()).isEqualTo(5);
            assertThat(u.completionTokens()).isEqualTo(8);
        });
        assertThat(onlyRequest().body()).contains("\"stream\":true");
    }

    @Test
    void anAnthropicErrorEventMidStreamEndsTheStreamWithAnSseErrorAndIsRecordedAsFailed() throws Exception {
        sim.faults().forModel("sim-claude", 1, Fault.errorEvent(4));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(RelayIT.BASE + "/chat/completions"))
                .header("Authorization", "Bearer " + RelayIT.KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"break please\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("[DONE]");
        String lastEvent = response.body().trim().substring(response.body().trim().lastIndexOf("data:") + 5).trim();
        JsonNode error = JSON.readTree(lastEvent).path("error");
        assertThat(error.path("code").asText()).isEqualTo("stream_interrupted");
        assertThat(error.path("message").asText()).contains("overloaded_error");

        String id = response.headers().firstValue("x-request-id").orElseThrow();
        HttpResponse<String> record = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(RelayIT.BASE + "/generations/" + id))
                .header("Authorization", "Bearer " + RelayIT.KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(record.body()).at("/data/attempts/0/outcome").asText()).isEqualTo("interrupted: stream cut");
    }

    @Test
    void aGeminiDeploymentAnswersStreamsAndCallsTools() throws Exception {
        ChatCompletion answer = client.chat().completions().create(ask("gemini", "What is the capital of France?").build());
        assertThat(answer.choices().get(0).message().content()).hasValue("Simulated answer to: What is the capital of France?");
        assertThat(answer._additionalProperties().get("provider")).isEqualTo(JsonValue.from("simgemini"));
        // 6 prompt words at 1 USD/Mtok + 9 answer words at 4 USD/Mtok = 42 micro-USD
        assertThat(cost(answer)).isEqualByComparingTo("0.000042");
        RecordedRequest sent = onlyRequest();
        assertThat(sent.path()).isEqualTo("/v1beta/models/sim-gemini:generateContent");
        assertThat(sent.headers()).containsEntry("x-goog-api-key", "(present)").doesNotContainKey("authorization");
        assertThat(JSON.readTree(sent.body()).at("/contents/0/parts/0/text").asText()).isEqualTo("What is the capital of France?");

        sim.clear();
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask("gemini", "Stream it").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        assertThat(accumulator.chatCompletion().choices().get(0).message().content()).hasValue("Simulated answer to: Stream it");
        assertThat(onlyRequest().path()).isEqualTo("/v1beta/models/sim-gemini:streamGenerateContent");
        assertThat(onlyRequest().query()).containsEntry("alt", "sse");

        ChatCompletion called = client.chat().completions().create(ask("gemini", "Weather in Paris?").addFunctionTool(lookupTool())
                .toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED).build());
        ChatCompletionMessageFunctionToolCall call = called.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call.function().name()).isEqualTo("lookup");
        assertThat(JSON.readTree(call.function().arguments()).path("query").asText()).isEqualTo("simulated");
        assertThat(called.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    }

    @Test
    void geminiEmbeddingsAreBilledOnTheRelaysEstimateOfTheInput() throws Exception {
        JsonNode before = usageOf("sim-gemini-embed");
        var raw = client.embeddings().withRawResponse().create(EmbeddingCreateParams.builder()
                .model("gemini-embed").input("the quick brown fox").build());
        CreateEmbeddingResponse answer = raw.parse();

        assertThat(answer.data()).singleElement().satisfies(e -> assertThat(e.embedding()).hasSize(8));
        // Gemini counts no tokens; the relay's estimate (o200k_base) of "the quick brown fox" is 4, at 10 USD/Mtok
        assertThat(answer.usage().promptTokens()).isEqualTo(4);
        assertThat(answer.usage().totalTokens()).isEqualTo(4);
        assertThat(new BigDecimal(answer.usage()._additionalProperties().get("cost").toString())).isEqualByComparingTo("0.00004");
        RecordedRequest sent = onlyRequest();
        assertThat(sent.path()).isEqualTo("/v1beta/models/sim-gemini-embed:batchEmbedContents");

        String id = raw.headers().values("x-request-id").get(0);
        JsonNode record = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(RelayIT.BASE + "/generations/" + id))
                .header("Authorization", "Bearer " + RelayIT.KEY).build(), HttpResponse.BodyHandlers.ofString()).body()).path("data");
        assertThat(record.path("tokens_prompt").asLong()).isEqualTo(4);
        assertThat(new BigDecimal(record.path("total_cost").asText())).isEqualByComparingTo("0.00004");
        assertThat(record.path("outcome").asText()).isEqualTo("ok (usage estimated)");
        assertThat(record.at("/attempts/0/outcome").asText()).isEqualTo("ok (usage estimated)");

        // The ledger is written off the request path: wait for the event, then check what it billed.
        JsonNode after = usageOf("sim-gemini-embed");
        for (int i = 0; i < 100 && after.path("requests").asLong() == before.path("requests").asLong(); i++) {
            Thread.sleep(50);
            after = usageOf("sim-gemini-embed");
        }
        assertThat(after.path("requests").asLong() - before.path("requests").asLong()).isEqualTo(1);
        assertThat(after.path("input_tokens").asLong() - before.path("input_tokens").asLong()).isEqualTo(4);
        assertThat(after.path("cost_micros").asLong() - before.path("cost_micros").asLong()).isEqualTo(40);
    }

    /** The ledger's totals for one upstream model. */
    private static JsonNode usageOf(String model) throws Exception {
        HttpResponse<String> report = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + RelayIT.PORT + "/admin/usage?group_by=model&model=" + model))
                .header("Authorization", RelayIT.ADMIN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
        return JSON.readTree(report.body()).path("totals");
    }

    @Test
    void aPromptGeminiBlocksForSafetyIsAClearClientError() {
        sim.faults().forModel("sim-gemini", 1, Fault.safetyBlock());
        assertThatThrownBy(() -> client.chat().completions().create(ask("gemini", "something unsafe").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage()).containsIgnoringCase("safety"));
    }

    @Test
    void anAzureDeploymentIsCalledByItsDeploymentUrlAndItsContentFilterIsSurfaced() throws Exception {
        ChatCompletion answer = client.chat().completions().create(ask("azure", "What is the capital of France?").build());
        assertThat(answer.model()).isEqualTo("sim-azure-deploy");
        assertThat(answer._additionalProperties()).containsKey("prompt_filter_results");
        assertThat(cost(answer)).isEqualByComparingTo("0.000084"); // 6 × 2 + 9 × 8 micro-USD
        RecordedRequest sent = onlyRequest();
        assertThat(sent.path()).isEqualTo("/openai/deployments/sim-azure-deploy/chat/completions");
        assertThat(sent.query()).containsEntry("api-version", "2024-10-21");
        assertThat(sent.headers()).containsEntry("api-key", "(present)").doesNotContainKey("authorization");

        sim.faults().forModel("sim-azure-deploy", 1, Fault.contentFilter());
        assertThatThrownBy(() -> client.chat().completions().create(ask("azure", "something filtered").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage()).contains("content management policy"));
    }
}
