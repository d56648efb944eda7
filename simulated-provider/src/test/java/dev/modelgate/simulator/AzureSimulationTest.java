package dev.modelgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AzureSimulationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = "?api-version=2024-06-01";
    private static final String CHAT_PATH = "/openai/deployments/gpt4o-eu/chat/completions";
    private static final String CHAT = "{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
            + "{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]}";
    private static final JsonNode SAFE = read("{\"hate\":{\"filtered\":false,\"severity\":\"safe\"},"
            + "\"self_harm\":{\"filtered\":false,\"severity\":\"safe\"},\"sexual\":{\"filtered\":false,\"severity\":\"safe\"},"
            + "\"violence\":{\"filtered\":false,\"severity\":\"safe\"}}");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private SimulatedProvider sim;

    @BeforeEach
    void start() throws IOException {
        sim = SimulatedProvider.start(0, Optional.of("azure-sim-key"));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String pathAndQuery, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + pathAndQuery))
                .header("api-key", "azure-sim-key").header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> post(String pathAndQuery, String body) throws Exception {
        return send(request(pathAndQuery, body));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersChatAsOpenAiDoesWithTheDeploymentAsModelAndFilterVerdicts() throws Exception {
        HttpResponse<String> response = post(CHAT_PATH + VERSION, CHAT);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("model").asText()).isEqualTo("gpt4o-eu");
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Simulated answer to: What is the capital of France?");
        assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(8);
        assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(9);
        assertThat(body.at("/prompt_filter_results/0/prompt_index").asInt()).isZero();
        JsonNode promptVerdicts = body.at("/prompt_filter_results/0/content_filter_results");
        assertThat(promptVerdicts.path("jailbreak")).isEqualTo(read("{\"filtered\":false,\"detected\":false}"));
        for (String category : List.of("hate", "self_harm", "sexual", "violence")) {
            assertThat(promptVerdicts.path(category)).isEqualTo(SAFE.path(category));
        }
        assertThat(body.at("/choices/0/content_filter_results")).isEqualTo(SAFE);

        RecordedRequest recorded = sim.requests().get(0);
        assertThat(recorded.path()).isEqualTo(CHAT_PATH);
        assertThat(recorded.query()).containsEntry("api-version", "2024-06-01");
        assertThat(recorded.headers()).containsEntry("api-key", "(present)");
        assertThat(recorded.toString()).doesNotContain("azure-sim-key");
    }

    @Test
    void answersToolCallsCompletionsAndEmbeddings() throws Exception {
        String tools = "{\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"search_docs\",\"parameters\":{}}}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"please call tool\"}]}";
        JsonNode call = JSON.readTree(post(CHAT_PATH + VERSION, tools).body());
        assertThat(call.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(call.at("/choices/0/message/tool_calls/0/function/name").asText()).isEqualTo("search_docs");

        JsonNode completion = JSON.readTree(post("/openai/deployments/instruct/completions" + VERSION, "{\"prompt\":\"Once upon a time\"}").body());
        assertThat(completion.path("model").asText()).isEqualTo("instruct");
        assertThat(completion.at("/choices/0/text").asText()).startsWith("Simulated completion of: Once upon a time");
        assertThat(completion.at("/choices/0/content_filter_results")).isEqualTo(SAFE);
        assertThat(completion.has("prompt_filter_results")).isTrue();

        JsonNode embeddings = JSON.readTree(post("/openai/deployments/embed-small/embeddings" + VERSION, "{\"input\":[\"a b\",\"c\"]}").body());
        assertThat(embeddings.path("model").asText()).isEqualTo("embed-small");
        assertThat(embeddings.path("data")).hasSize(2);
        assertThat(embeddings.at("/usage/prompt_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void streamsAFilterChunkFirstThenChunksWithVerdictsThenDone() throws Exception {
        String body = CHAT.replace("{\"messages\"", "{\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\"");
        List<String> events = SseEvents.parse(post(CHAT_PATH + VERSION, body).body()).data();
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        JsonNode first = JSON.readTree(events.get(0));
        assertThat(first.path("choices")).isEmpty();
        assertThat(first.path("id").asText()).isEmpty();
        assertThat(first.at("/prompt_filter_results/0/content_filter_results/hate")).isEqualTo(SAFE.path("hate"));
        StringBuilder text = new StringBuilder();
        for (String e : events.subList(1, events.size() - 2)) {
            JsonNode chunk = JSON.readTree(e);
            assertThat(chunk.path("model").asText()).isEqualTo("gpt4o-eu");
            String piece = chunk.at("/choices/0/delta/content").asText("");
            assertThat(chunk.at("/choices/0/content_filter_results")).isEqualTo(piece.isEmpty() ? JSON.createObjectNode() : SAFE);
            text.append(piece);
        }
        assertThat(text.toString()).isEqualTo("Simulated answer to: What is the capital of France?");
        assertThat(JSON.readTree(events.get(events.size() - 2)).at("/usage/prompt_tokens").asInt()).isEqualTo(8);
    }

    @Test
    void requiresTheApiKeyHeaderAndTheApiVersion() throws Exception {
        HttpResponse<String> bearer = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + CHAT_PATH + VERSION))
                .header("Authorization", "Bearer azure-sim-key").POST(HttpRequest.BodyPublishers.ofString(CHAT)));
        assertThat(bearer.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(bearer.body()).at("/error/code").asText()).isEqualTo("401");
        HttpResponse<String> wrong = send(request(CHAT_PATH + VERSION, CHAT).setHeader("api-key", "not-the-key"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain("not-the-key");

        HttpResponse<String> noVersion = post(CHAT_PATH, CHAT);
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noVersion.body()).at("/error/message").asText()).contains("api-version");
        assertThat(post("/openai/deployments/gpt4o-eu/images/generations" + VERSION, "{}").statusCode()).isEqualTo(404);
    }

    @Test
    void contentFilterRefusesThePromptTheAzureWay() throws Exception {
        sim.faults().forModel("gpt4o-eu", 1, Fault.contentFilter());
        HttpResponse<String> refused = post(CHAT_PATH + VERSION, CHAT);
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(refused.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("content_filter");
        assertThat(error.path("param").asText()).isEqualTo("prompt");
        assertThat(error.path("status").asInt()).isEqualTo(400);
        assertThat(error.path("message").asText()).startsWith("The response was filtered due to the prompt triggering Azure OpenAI's content management policy");
        assertThat(error.at("/innererror/code").asText()).isEqualTo("ResponsibleAIPolicyViolation");
        assertThat(error.at("/innererror/content_filter_result/violence/filtered").asBoolean()).isTrue();
        assertThat(post(CHAT_PATH + VERSION, CHAT).statusCode()).isEqualTo(200);
    }

    @Test
    void statusFaultsMatchTheDeploymentAndRateLimitsCarryRetryAfter() throws Exception {
        sim.faults().forModel("gpt4o-eu", 1, Fault.status(429, 2));
        HttpResponse<String> limited = post(CHAT_PATH + VERSION, CHAT);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("retry-after")).hasValue("2");
        JsonNode error = JSON.readTree(limited.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("429");
        assertThat(error.path("message").asText()).contains("Please retry after 2 seconds");

        sim.faults().forModel("gpt4o-eu", 1, Fault.status(500));
        HttpResponse<String> failed = post(CHAT_PATH + VERSION, CHAT);
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(failed.body()).at("/error/type").asText()).isEqualTo("server_error");
        sim.faults().forModel("other-deployment", 1, Fault.status(503));
        assertThat(post(CHAT_PATH + VERSION, CHAT).statusCode()).isEqualTo(200);
    }

    @Test
    void cutStreamAndErrorEventBreakTheStream() throws Exception {
        String body = CHAT.replace("{\"messages\"", "{\"stream\":true,\"messages\"");
        sim.faults().next(1, Fault.cutStream(2));
        try {
            assertThat(SseEvents.parse(post(CHAT_PATH + VERSION, body).body()).data()).hasSize(2).doesNotContain("[DONE]");
        } catch (IOException dropped) {
            assertThat(dropped).isNotNull();
        }
        sim.faults().next(1, Fault.errorEvent(2));
        List<String> events = SseEvents.parse(post(CHAT_PATH + VERSION, body).body()).data();
        assertThat(events).hasSize(3).doesNotContain("[DONE]");
        assertThat(JSON.readTree(events.get(2)).at("/error/type").asText()).isEqualTo("server_error");
    }
}
