package dev.modelgate.relay.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.policy.tokens.TokenEstimator;
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

/**
 * Anthropic's Messages API on the real relay, called the way Anthropic's SDKs and Claude Code call it
 * (x-api-key, anthropic-version), served by the simulated OpenAI-format provider through the test policy's
 * alias {@code solo}: the request is translated, decided and relayed like /v1/chat/completions, and the
 * answer comes back in Anthropic's shape with Modelgate's headers. {@code /v1/messages/count_tokens} is
 * answered by the relay itself.
 */
class MessagesIT {

    private static final String URL = "http://127.0.0.1:" + RelayIT.PORT + "/v1/messages";
    private static final String COUNT = URL + "/count_tokens";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SimulatedProvider sim;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        sim = SharedSimulator.get();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @BeforeEach
    void reset() {
        sim.clear();
    }

    private static HttpResponse<String> post(String apiKey, String body) throws Exception {
        return post(URL, apiKey, body);
    }

    private static HttpResponse<String> post(String url, String apiKey, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json")
                .header("anthropic-version", "2023-06-01")
                .header("anthropic-beta", "prompt-caching-2024-07-31")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("x-api-key", apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aToolCallComesBackAsAToolUseBlockAndItsResultGoesBackAsAToolMessage() throws Exception {
        HttpResponse<String> response = post(RelayIT.KEY, """
                {"model": "solo", "max_tokens": 256, "system": "Be brief.",
                 "tools": [{"name": "search", "description": "Search the web",
                            "input_schema": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]}}],
                 "messages": [{"role": "user", "content": "Please call tool search now"}]}
                """);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode message = JSON.readTree(response.body());
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();
        assertThat(message.path("id").asText()).isEqualTo("msg_" + requestId);
        assertThat(message.path("type").asText()).isEqualTo("message");
        assertThat(message.path("role").asText()).isEqualTo("assistant");
        assertThat(message.path("model").asText()).isEqualTo("sim-solo");
        assertThat(message.path("content")).singleElement().satisfies(block -> {
            assertThat(block.path("type").asText()).isEqualTo("tool_use");
            assertThat(block.path("name").asText()).isEqualTo("search");
            assertThat(block.path("id").asText()).isNotEmpty();
            assertThat(block.path("input")).isEqualTo(JSON.readTree("{\"query\":\"simulated\"}"));
        });
        assertThat(message.path("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(message.path("stop_sequence").isNull()).isTrue();
        // The simulator counts words: "Be brief." + "Please call tool search now" = 7 prompt tokens, 1 completion token.
        assertThat(message.path("usage")).isEqualTo(JSON.readTree(
                "{\"input_tokens\":7,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":1}"));
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(response.headers().allValues("x-modelgate-provider")).containsExactly("sim");
        assertThat(response.headers().allValues("x-modelgate-model")).containsExactly("sim-solo");
        assertThat(requestId).startsWith("gen-");
        assertThat(response.headers().allValues("request-id")).containsExactly(requestId);

        JsonNode upstream = JSON.readTree(sim.requests().get(0).body());
        assertThat(upstream.path("model").asText()).isEqualTo("sim-solo");
        assertThat(upstream.path("max_tokens").asInt()).isEqualTo(256);
        assertThat(upstream.at("/messages/0")).isEqualTo(JSON.readTree("{\"role\":\"system\",\"content\":\"Be brief.\"}"));
        assertThat(upstream.at("/tools/0/function/name").asText()).isEqualTo("search");
        assertThat(upstream.at("/tools/0/function/parameters/required/0").asText()).isEqualTo("query");

        String toolUseId = message.at("/content/0/id").asText();
        HttpResponse<String> followUp = post(RelayIT.KEY, """
                {"model": "solo", "max_tokens": 256,
                 "tools": [{"name": "search", "input_schema": {"type": "object"}}],
                 "messages": [
                   {"role": "user", "content": "Please call tool search now"},
                   {"role": "assistant", "content": [{"type": "tool_use", "id": "%s", "name": "search", "input": {"query": "simulated"}}]},
                   {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "%s", "content": "three results"},
                                                {"type": "text", "text": "Summarise them"}]}]}
                """.formatted(toolUseId, toolUseId));
        assertThat(followUp.statusCode()).as(followUp.body()).isEqualTo(200);
        JsonNode summary = JSON.readTree(followUp.body());
        assertThat(summary.at("/content/0/type").asText()).isEqualTo("text");
        assertThat(summary.at("/content/0/text").asText()).isEqualTo("Simulated answer to: Summarise them");
        assertThat(summary.path("stop_reason").asText()).isEqualTo("end_turn");
        JsonNode relayed = JSON.readTree(sim.requests().get(1).body()).path("messages");
        assertThat(relayed.get(1).path("tool_calls").get(0).path("id").asText()).isEqualTo(toolUseId);
        assertThat(relayed.get(2)).isEqualTo(JSON.readTree(
                "{\"role\":\"tool\",\"tool_call_id\":\"" + toolUseId + "\",\"content\":\"three results\"}"));
    }

    @Test
    void aStreamArrivesAsAnthropicsEventsInOrderWithTheFinalUsage() throws Exception {
        HttpResponse<String> response = post(RelayIT.KEY, """
                {"model": "solo", "max_tokens": 256, "stream": true,
                 "messages": [{"role": "user", "content": [{"type": "text", "text": "Stream me a reply"}]}]}
                """);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        assertThat(response.headers().allValues("x-modelgate-provider")).containsExactly("sim");
        List<String> names = new ArrayList<>();
        List<JsonNode> events = new ArrayList<>();
        for (String block : response.body().split("\n\n")) {
            if (block.isBlank()) {
                continue;
            }
            String[] lines = block.split("\n");
            assertThat(lines[0]).startsWith("event: ");
            assertThat(lines[1]).startsWith("data: ");
            names.add(lines[0].substring(7));
            JsonNode data = JSON.readTree(lines[1].substring(6));
            assertThat(data.path("type").asText()).isEqualTo(lines[0].substring(7)); // Anthropic repeats the name as the type
            events.add(data);
        }
        assertThat(names.get(0)).isEqualTo("message_start");
        assertThat(names.get(1)).isEqualTo("content_block_start");
        assertThat(names.subList(2, names.size() - 3)).isNotEmpty().allMatch("content_block_delta"::equals);
        assertThat(names.subList(names.size() - 3, names.size())).containsExactly("content_block_stop", "message_delta", "message_stop");

        JsonNode start = events.get(0).path("message");
        assertThat(start.path("id").asText()).isEqualTo("msg_" + response.headers().firstValue("x-request-id").orElseThrow());
        assertThat(start.path("content")).isEmpty();
        assertThat(start.path("model").asText()).isEqualTo("sim-solo");
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> e.path("type").asText().equals("content_block_delta")).forEach(e -> {
            assertThat(e.at("/delta/type").asText()).isEqualTo("text_delta");
            assertThat(e.path("index").asInt()).isZero();
            text.append(e.at("/delta/text").asText());
        });
        assertThat(text.toString()).isEqualTo("Simulated answer to: Stream me a reply");
        JsonNode delta = events.get(events.size() - 2);
        assertThat(delta.at("/delta/stop_reason").asText()).isEqualTo("end_turn");
        assertThat(delta.at("/usage/output_tokens").asInt()).isEqualTo(7);
        assertThat(delta.at("/usage/input_tokens").asInt()).isEqualTo(4);
        assertThat(response.body()).doesNotContain("[DONE]", "chat.completion.chunk");
        assertThat(sim.requests().get(0).body()).contains("\"include_usage\":true");
    }

    @Test
    void badRequestsAndMissingOrWrongKeysAreRefusedInAnthropicsErrorShape() throws Exception {
        HttpResponse<String> noMaxTokens = post(RelayIT.KEY, "{\"model\":\"solo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(noMaxTokens.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noMaxTokens.body()).path("error")).isEqualTo(JSON.readTree(
                "{\"type\":\"invalid_request_error\",\"message\":\"max_tokens: Field required\"}"));
        // Refused before the relay began a generation, and still traceable: one id in the body and both headers.
        String requestId = noMaxTokens.headers().firstValue("request-id").orElseThrow();
        assertThat(noMaxTokens.headers().allValues("x-request-id")).containsExactly(requestId);
        assertThat(JSON.readTree(noMaxTokens.body()).path("request_id").asText()).isEqualTo(requestId);

        HttpResponse<String> unknownModel = post(RelayIT.KEY, "{\"model\":\"claude-nonexistent\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(unknownModel.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknownModel.body()).at("/error/type").asText()).isEqualTo("not_found_error");

        HttpResponse<String> noKey = post(null, "{\"model\":\"solo\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(noKey.headers().firstValue("request-id")).isPresent();
        JsonNode error = JSON.readTree(noKey.body());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.at("/error/type").asText()).isEqualTo("authentication_error");

        HttpResponse<String> wrongKey = post("sk-not-a-modelgate-key", "{\"model\":\"solo\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(wrongKey.body()).contains("\"authentication_error\"").doesNotContain("sk-not-a-modelgate-key");

        assertThat(sim.requests()).isEmpty();
    }

    /**
     * count_tokens as Claude Code calls it before a turn: answered by the relay's own estimate for the alias's
     * deployment (sim-solo: o200k, plus OpenAI's framing of 3 per message and 3 for the reply), never by a
     * provider, behind the same key check and model lookup as /v1/messages.
     */
    @Test
    void countTokensIsTheRelaysEstimateAndGrowsWithThePrompt() throws Exception {
        String question = "What is the capital of France?";
        HttpResponse<String> shortCount = post(COUNT, RelayIT.KEY, """
                {"model": "solo", "system": "Be brief.", "messages": [{"role": "user", "content": "%s"}]}
                """.formatted(question));
        assertThat(shortCount.statusCode()).as(shortCount.body()).isEqualTo(200);
        assertThat(shortCount.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode counted = JSON.readTree(shortCount.body());
        assertThat(counted.fieldNames()).toIterable().containsExactly("input_tokens");
        long n = counted.path("input_tokens").asLong();
        assertThat(n).isPositive();
        TokenEstimator tokens = new TokenEstimator(0);
        assertThat(n).isEqualTo(tokens.countText("Be brief.", "sim-solo") + tokens.countText(question, "sim-solo") + 3 * 2 + 3);

        String longer = (question + " And of Germany, Italy, Spain and Portugal? ").repeat(20);
        HttpResponse<String> longCount = post(COUNT, RelayIT.KEY, """
                {"model": "solo", "system": "Be brief.", "messages": [{"role": "user", "content": "%s"},
                  {"role": "assistant", "content": "Paris."}, {"role": "user", "content": "%s"}],
                 "tools": [{"name": "search", "input_schema": {"type": "object", "properties": {"query": {"type": "string"}}}}]}
                """.formatted(question, longer));
        assertThat(longCount.statusCode()).as(longCount.body()).isEqualTo(200);
        assertThat(JSON.readTree(longCount.body()).path("input_tokens").asLong()).isGreaterThan(n + 200);

        assertThat(sim.requests()).as("no provider is asked to count").isEmpty();
        assertThat(shortCount.headers().firstValue("x-request-id")).as("nothing relayed, nothing to bill").isEmpty();
    }

    @Test
    void countTokensRefusesMissingAndWrongKeysAndUnknownModelsInAnthropicsShape() throws Exception {
        String body = "{\"model\":\"solo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        HttpResponse<String> noKey = post(COUNT, null, body);
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(noKey.body()).path("type").asText()).isEqualTo("error");
        assertThat(JSON.readTree(noKey.body()).at("/error/type").asText()).isEqualTo("authentication_error");

        HttpResponse<String> wrongKey = post(COUNT, "sk-not-a-modelgate-key", body);
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrongKey.body()).at("/error/type").asText()).isEqualTo("authentication_error");
        assertThat(wrongKey.body()).doesNotContain("sk-not-a-modelgate-key");

        HttpResponse<String> unknownModel = post(COUNT, RelayIT.KEY,
                "{\"model\":\"claude-nonexistent\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(unknownModel.statusCode()).isEqualTo(404);
        JsonNode error = JSON.readTree(unknownModel.body());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.at("/error/type").asText()).isEqualTo("not_found_error");
        assertThat(error.at("/error/message").asText()).contains("claude-nonexistent");

        HttpResponse<String> malformed = post(COUNT, RelayIT.KEY, "{\"model\":\"solo\",\"messages\":[]}");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(malformed.body()).path("error")).isEqualTo(JSON.readTree(
                "{\"type\":\"invalid_request_error\",\"message\":\"messages: at least one message is required\"}"));
        assertThat(malformed.headers().firstValue("request-id")).isPresent();

        assertThat(sim.requests()).isEmpty();
    }
}
