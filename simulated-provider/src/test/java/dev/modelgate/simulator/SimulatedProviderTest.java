package dev.modelgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatedProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "{\"model\":\"sim-chat\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
            + "{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]}";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private SimulatedProvider sim;

    @BeforeEach
    void start() throws IOException {
        sim = SimulatedProvider.start(0, Optional.of("sk-sim-test"));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(request(path, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + path))
                .header("Authorization", "Bearer sk-sim-test").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    @Test
    void answersChatCompletionsInOpenAisShapeWithPredictableUsage() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", CHAT);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("model").asText()).isEqualTo("sim-chat");
        assertThat(body.at("/choices/0/message/role").asText()).isEqualTo("assistant");
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Simulated answer to: What is the capital of France?");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(8); // "Be brief." + 6 words
        assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(9);
        assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(17);

        RecordedRequest recorded = sim.requests().get(0);
        assertThat(recorded.path()).isEqualTo("/v1/chat/completions");
        assertThat(recorded.headers().get("authorization")).isEqualTo("(present)");
        assertThat(recorded.body()).isEqualTo(CHAT);
    }

    @Test
    void streamsChunksThenUsageThenDone() throws Exception {
        String body = CHAT.replace("{\"model\"", "{\"stream\":true,\"stream_options\":{\"include_usage\":true},\"model\"");
        HttpResponse<String> response = post("/v1/chat/completions", body);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        List<String> events = events(response.body());
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        JsonNode first = JSON.readTree(events.get(0));
        assertThat(first.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        StringBuilder text = new StringBuilder();
        String finish = null;
        for (String e : events.subList(0, events.size() - 2)) {
            JsonNode chunk = JSON.readTree(e);
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            text.append(chunk.at("/choices/0/delta/content").asText(""));
            if (!chunk.at("/choices/0/finish_reason").isNull()) {
                finish = chunk.at("/choices/0/finish_reason").asText();
            }
        }
        assertThat(text.toString()).isEqualTo("Simulated answer to: What is the capital of France?");
        assertThat(finish).isEqualTo("stop");
        JsonNode usage = JSON.readTree(events.get(events.size() - 2));
        assertThat(usage.path("choices")).isEmpty();
        assertThat(usage.at("/usage/prompt_tokens").asInt()).isEqualTo(8);

        List<String> withoutUsage = events(post("/v1/chat/completions", CHAT.replace("{\"model\"", "{\"stream\":true,\"model\"")).body());
        assertThat(withoutUsage).noneMatch(e -> e.contains("\"usage\""));
    }

    @Test
    void answersWithAToolCallWhenAsked() throws Exception {
        String body = "{\"model\":\"sim-chat\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"search_docs\",\"parameters\":{}}}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"please call tool\"}]}";
        JsonNode answer = JSON.readTree(post("/v1/chat/completions", body).body());
        assertThat(answer.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(answer.at("/choices/0/message/tool_calls/0/function/name").asText()).isEqualTo("search_docs");
        assertThat(JSON.readTree(answer.at("/choices/0/message/tool_calls/0/function/arguments").asText()).path("query").asText())
                .isEqualTo("simulated");
    }

    @Test
    void servesCompletionsEmbeddingsAndModels() throws Exception {
        JsonNode completion = JSON.readTree(post("/v1/completions", "{\"model\":\"sim-complete\",\"prompt\":\"Once upon a time\"}").body());
        assertThat(completion.at("/choices/0/text").asText()).startsWith("Simulated completion of: Once upon a time");
        JsonNode embeddings = JSON.readTree(post("/v1/embeddings", "{\"model\":\"sim-embed\",\"input\":[\"a b\",\"c\"]}").body());
        assertThat(embeddings.path("data")).hasSize(2);
        assertThat(embeddings.at("/data/0/embedding")).hasSize(8);
        assertThat(embeddings.at("/usage/prompt_tokens").asInt()).isEqualTo(3);
        HttpResponse<String> models = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/models"))
                .header("Authorization", "Bearer sk-sim-test").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(models.body()).path("data")).extracting(n -> n.path("id").asText()).contains("sim-chat");
    }

    @Test
    void refusesAWrongKeyInOpenAisShape() throws Exception {
        HttpResponse<String> response = http.send(request("/v1/chat/completions", CHAT).setHeader("Authorization", "Bearer nope").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).at("/error/code").asText()).isEqualTo("invalid_api_key");
        assertThat(response.body()).doesNotContain("nope");
    }

    @Test
    void statusFaultsCarryRetryAfterAndCountDown() throws Exception {
        sim.faults().next(2, Fault.status(429, 3));
        HttpResponse<String> first = post("/v1/chat/completions", CHAT);
        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("retry-after")).hasValue("3");
        assertThat(JSON.readTree(first.body()).at("/error/type").asText()).isEqualTo("rate_limit_error");
        assertThat(post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(429);
        assertThat(post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
    }

    @Test
    void faultsCanBeScopedToOneModel() throws Exception {
        sim.faults().forModel("sim-bad", -1, Fault.status(503));
        assertThat(post("/v1/chat/completions", CHAT.replace("sim-chat", "sim-bad")).statusCode()).isEqualTo(503);
        assertThat(post("/v1/chat/completions", CHAT.replace("sim-chat", "sim-bad")).statusCode()).isEqualTo(503);
        assertThat(post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
    }

    @Test
    void delayAndStallTripClientTimeouts() throws Exception {
        sim.faults().next(1, Fault.delay(300));
        long start = System.nanoTime();
        assertThat(post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        sim.faults().next(1, Fault.stall());
        assertThatThrownBy(() -> http.send(request("/v1/chat/completions", CHAT).timeout(Duration.ofMillis(300)).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void resetAndGarbageBreakTheExchange() throws Exception {
        sim.faults().next(1, Fault.reset());
        assertThatThrownBy(() -> post("/v1/chat/completions", CHAT)).isInstanceOf(IOException.class);

        sim.faults().next(1, Fault.garbage());
        HttpResponse<String> garbage = post("/v1/chat/completions", CHAT);
        assertThat(garbage.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> JSON.readTree(garbage.body())).isInstanceOf(IOException.class);
    }

    @Test
    void cutStreamEndsWithoutDone() throws Exception {
        sim.faults().next(1, Fault.cutStream(2));
        String body = CHAT.replace("{\"model\"", "{\"stream\":true,\"model\"");
        // The client either sees the connection drop or a body that stops after two events: never [DONE].
        try {
            String received = post("/v1/chat/completions", body).body();
            assertThat(events(received)).hasSize(2).doesNotContain("[DONE]");
        } catch (IOException dropped) {
            assertThat(dropped).isNotNull();
        }
        assertThat(events(post("/v1/chat/completions", body).body())).endsWith("[DONE]");
    }

    @Test
    void slowStreamsSpaceTheirChunks() throws Exception {
        sim.faults().next(1, Fault.slowStream(100));
        long start = System.nanoTime();
        List<String> events = events(post("/v1/chat/completions", CHAT.replace("{\"model\"", "{\"stream\":true,\"model\"")).body());
        assertThat(events).endsWith("[DONE]");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100L * (events.size() - 1)));
    }

    @Test
    void faultsCanBeArmedOverHttp() throws Exception {
        HttpResponse<String> armed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + "/_sim/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"fault\":{\"type\":\"status\",\"status\":500},\"times\":1,\"model\":\"sim-chat\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(armed.statusCode()).isEqualTo(204);
        assertThat(post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(500);
        assertThat(post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);

        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + "/_sim/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"fault\":{\"type\":\"status\",\"status\":502}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(502);
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + "/_sim/faults")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
    }

    @Test
    void errorEventEndsAnOpenAiStreamWithAnErrorObjectAndNoDone() throws Exception {
        sim.faults().next(1, Fault.errorEvent(2));
        HttpResponse<String> response = post("/v1/chat/completions", CHAT.replace("{\"model\"", "{\"stream\":true,\"model\""));
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> events = events(response.body());
        assertThat(events).hasSize(3).doesNotContain("[DONE]");
        JsonNode error = JSON.readTree(events.get(2)).path("error");
        assertThat(error.path("type").asText()).isEqualTo("server_error");
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(JSON.readTree(events.get(1)).has("choices")).isTrue();
    }

    @Test
    void theNewFaultsCanBeArmedOverHttpByTheirJsonNames() throws Exception {
        for (String fault : List.of("{\"type\":\"error_event\",\"after_chunks\":1}", "{\"type\":\"safety_block\"}",
                "{\"type\":\"content_filter\"}")) {
            HttpResponse<String> armed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + "/_sim/faults"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"fault\":" + fault + ",\"times\":1,\"model\":\"x\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(armed.statusCode()).as(fault).isEqualTo(204);
        }
        assertThat(sim.faults().take("x")).containsInstanceOf(Fault.ErrorEvent.class);
        assertThat(sim.faults().take("x")).containsInstanceOf(Fault.SafetyBlock.class);
        assertThat(sim.faults().take("x")).containsInstanceOf(Fault.ContentFilter.class);
        // A format-specific fault leaves an OpenAI answer alone.
        sim.faults().next(1, Fault.safetyBlock());
        assertThat(post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
    }

    @Test
    void answersManyClientsAtOnceAndFreesItsPortOnClose() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            all.add(http.sendAsync(request("/v1/chat/completions", CHAT).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> f : all) {
            assertThat(f.get().statusCode()).isEqualTo(200);
        }
        int port = sim.port();
        sim.close();
        try (ServerSocket reuse = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(reuse.getLocalPort()).isEqualTo(port);
        }
    }

    private static List<String> events(String sse) {
        List<String> out = new ArrayList<>();
        for (String block : sse.split("\n\n")) {
            if (block.startsWith("data: ")) {
                out.add(block.substring(6));
            }
        }
        return out;
    }
}
