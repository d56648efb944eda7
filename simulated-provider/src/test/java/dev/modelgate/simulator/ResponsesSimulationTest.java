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

class ResponsesSimulationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOOLS = "\"tools\":[{\"type\":\"function\",\"name\":\"search_docs\",\"parameters\":{\"type\":\"object\"}}]";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private SimulatedProvider sim;

    @BeforeEach
    void start() throws IOException {
        sim = SimulatedProvider.start(0, Optional.of("sk-sim"));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/responses"))
                .header("Authorization", "Bearer sk-sim").header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersWithTheSameTextAsChatAndUsageInWords() throws Exception {
        HttpResponse<String> response = post("{\"model\":\"sim-r\",\"instructions\":\"Be brief.\","
                + "\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"What is the capital of France?\"}]}]}");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("object").asText()).isEqualTo("response");
        assertThat(body.path("status").asText()).isEqualTo("completed");
        assertThat(body.at("/output/0/type").asText()).isEqualTo("message");
        assertThat(body.at("/output/0/content/0/text").asText()).isEqualTo("Simulated answer to: What is the capital of France?");
        assertThat(body.at("/usage/input_tokens").asInt()).isEqualTo(8);
        assertThat(body.at("/usage/output_tokens").asInt()).isEqualTo(9);
        assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(17);
    }

    @Test
    void streamsTypedEventsWithFunctionCallArgumentsInPieces() throws Exception {
        HttpResponse<String> response = post("{\"model\":\"sim-r\",\"stream\":true," + TOOLS + ",\"input\":\"please call tool\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        SseEvents events = SseEvents.parse(response.body());
        assertThat(events.names()).startsWith("response.created", "response.in_progress", "response.output_item.added")
                .endsWith("response.function_call_arguments.done", "response.output_item.done", "response.completed");
        List<String> deltas = new java.util.ArrayList<>();
        for (SseEvents.Event e : events.all()) {
            if (e.name().equals("response.function_call_arguments.delta")) {
                deltas.add(JSON.readTree(e.data()).path("delta").asText());
            }
        }
        assertThat(deltas).hasSizeGreaterThan(1);
        assertThat(String.join("", deltas)).isEqualTo(Answers.TOOL_ARGUMENTS);
        JsonNode completed = JSON.readTree(events.data().get(events.data().size() - 1));
        assertThat(completed.at("/response/output/0/name").asText()).isEqualTo("search_docs");
        assertThat(completed.at("/response/usage/output_tokens").asInt()).isPositive();
        for (int i = 0; i < events.all().size(); i++) {
            assertThat(JSON.readTree(events.data().get(i)).path("sequence_number").asInt()).isEqualTo(i);
        }
    }

    @Test
    void refusesUnknownFieldsAndChatsShapeAsOpenAiDoes() throws Exception {
        HttpResponse<String> extra = post("{\"model\":\"sim-r\",\"input\":\"x\",\"max_completion_tokens\":5}");
        assertThat(extra.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(extra.body()).at("/error/message").asText()).contains("max_completion_tokens");
        HttpResponse<String> item = post("{\"model\":\"sim-r\",\"input\":[{\"role\":\"user\",\"content\":\"x\",\"name\":\"ann\"}]}");
        assertThat(item.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(item.body()).at("/error/message").asText()).contains("input[0].name");
        HttpResponse<String> previous = post("{\"model\":\"sim-r\",\"input\":\"x\",\"previous_response_id\":\"resp_1\"}");
        assertThat(previous.statusCode()).isEqualTo(404);
    }
}
