package dev.modelgate.relay.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.simulator.Fault;
import dev.modelgate.simulator.RecordedRequest;
import dev.modelgate.simulator.SimulatedProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /v1/messages} to an Anthropic deployment is a pass-through: the simulator on 127.0.0.1:18181 plays
 * Anthropic as strictly as Anthropic checks (an unknown field is a 400), records each body, and the body it
 * receives must be the client's, as JSON, with only the model changed; the answer must be the simulator's own.
 */
class MessagesPassThroughIT {

    private static final String URL = "http://127.0.0.1:" + RelayIT.PORT + "/v1/messages";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BETA = "prompt-caching-2024-07-31,interleaved-thinking-2025-05-14";

    /**
     * Everything Claude Code sends that OpenAI's format cannot carry: system blocks with cache_control, thinking
     * with a signed thinking block in the history, a PDF document, a server tool, tool_result.is_error, metadata,
     * stop_sequences, top_k, and a cache_control with a one-hour TTL on a tool.
     */
    private static final String RICH = """
            {"model": "claude", "max_tokens": 2048, "top_k": 40, "stop_sequences": ["\\n\\nHuman:"],
             "metadata": {"user_id": "user-7"},
             "thinking": {"type": "enabled", "budget_tokens": 1024},
             "system": [{"type": "text", "text": "You are Claude Code.", "cache_control": {"type": "ephemeral"}},
                        {"type": "text", "text": "Be brief."}],
             "tools": [{"type": "web_search_20250305", "name": "web_search", "max_uses": 2},
                       {"name": "read_file", "description": "Reads a file",
                        "input_schema": {"type": "object", "properties": {"path": {"type": "string"}}},
                        "cache_control": {"type": "ephemeral", "ttl": "1h"}}],
             "messages": [
               {"role": "user", "content": [
                 {"type": "document", "source": {"type": "base64", "media_type": "application/pdf", "data": "JVBERi0xLjQK"},
                  "title": "spec.pdf"},
                 {"type": "text", "text": "Read main.py"}]},
               {"role": "assistant", "content": [
                 {"type": "thinking", "thinking": "I should read it.", "signature": "EqQBCkYIBRgCKkDsig"},
                 {"type": "tool_use", "id": "toolu_01", "name": "read_file", "input": {"path": "main.py"}}]},
               {"role": "user", "content": [
                 {"type": "tool_result", "tool_use_id": "toolu_01", "content": "No such file", "is_error": true,
                  "cache_control": {"type": "ephemeral"}},
                 {"type": "text", "text": "What went wrong?"}]}]}
            """;

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

    private static HttpResponse<String> post(String body) throws Exception {
        return post(URL, body);
    }

    private static HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json").header("x-api-key", RelayIT.KEY)
                .header("anthropic-version", "2023-06-01").header("anthropic-beta", BETA)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ObjectNode withModel(String body, String model) throws Exception {
        ObjectNode tree = (ObjectNode) JSON.readTree(body);
        tree.put("model", model);
        return tree;
    }

    private static RecordedRequest onlyRequest() {
        List<RecordedRequest> requests = sim.requests();
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    @Test
    void theClientsBodyAndProtocolHeadersReachAnthropicUnchangedApartFromTheModel() throws Exception {
        HttpResponse<String> response = post(RICH);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        RecordedRequest sent = onlyRequest();
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(JSON.readTree(sent.body())).isEqualTo(withModel(RICH, "sim-claude"));
        assertThat(sent.headers()).containsEntry("anthropic-version", "2023-06-01").containsEntry("anthropic-beta", BETA)
                .containsEntry("x-api-key", "(present)").doesNotContainKey("authorization");

        // The answer is Anthropic's own: the thinking block keeps its signature, the usage its cache counts, and
        // nothing of Modelgate's is added to the body (it travels in headers).
        JsonNode message = JSON.readTree(response.body());
        assertThat(message.path("id").asText()).startsWith("msg_sim_");
        assertThat(message.at("/content/0/type").asText()).isEqualTo("thinking");
        assertThat(message.at("/content/0/signature").asText()).isEqualTo("sig_" + message.path("id").asText());
        assertThat(message.at("/content/1/text").asText()).isEqualTo("Simulated answer to: What went wrong?");
        assertThat(message.fieldNames()).toIterable()
                .containsExactly("id", "type", "role", "model", "content", "stop_reason", "stop_sequence", "usage");
        // The first time, the marked prefix is written to the cache (Anthropic's cache_creation, by TTL).
        JsonNode usage = message.path("usage");
        assertThat(usage.path("cache_read_input_tokens").asLong()).isZero();
        assertThat(usage.path("cache_creation_input_tokens").asLong()).isPositive();
        assertThat(response.headers().allValues("x-modelgate-provider")).containsExactly("simanthropic");
        assertThat(response.headers().allValues("x-modelgate-wire")).containsExactly("anthropic");
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();
        assertThat(response.headers().allValues("request-id")).containsExactly(requestId);
        assertBilledAsAnthropicPricesIt(response, usage, requestId);

        // The same conversation again: the prefix is read from the cache, at a tenth of the input price.
        HttpResponse<String> again = post(RICH);
        JsonNode reused = JSON.readTree(again.body()).path("usage");
        assertThat(reused.path("cache_read_input_tokens").asLong()).isEqualTo(usage.path("cache_creation_input_tokens").asLong());
        assertThat(reused.path("cache_creation_input_tokens").asLong()).isZero();
        assertBilledAsAnthropicPricesIt(again, reused, again.headers().firstValue("x-request-id").orElseThrow());
    }

    /**
     * The cost table of the deployment (3 USD/Mtok input, 15 output, 0.3 for cache reads, writes at Anthropic's
     * 1.25x input for 5 minutes and 2x for an hour): the relay bills Anthropic's usage, read on the way.
     */
    private static void assertBilledAsAnthropicPricesIt(HttpResponse<String> response, JsonNode usage, String requestId) throws Exception {
        long fresh = usage.path("input_tokens").asLong();
        long cached = usage.path("cache_read_input_tokens").asLong();
        long written = usage.path("cache_creation_input_tokens").asLong();
        long written1h = usage.at("/cache_creation/ephemeral_1h_input_tokens").asLong();
        long output = usage.path("output_tokens").asLong();
        BigDecimal micros = BigDecimal.valueOf(fresh * 3).add(new BigDecimal("0.3").multiply(BigDecimal.valueOf(cached)))
                .add(new BigDecimal("3.75").multiply(BigDecimal.valueOf(written - written1h)))
                .add(BigDecimal.valueOf(written1h * 6))
                .add(BigDecimal.valueOf(output * 15)).setScale(0, RoundingMode.CEILING); // a fraction of a micro-USD is rounded up
        assertThat(new BigDecimal(response.headers().firstValue("x-modelgate-cost").orElseThrow()))
                .isEqualByComparingTo(micros.movePointLeft(6));
        JsonNode generation = generation(requestId);
        assertThat(generation.path("tokens_prompt").asLong()).isEqualTo(fresh + cached + written);
        assertThat(generation.path("tokens_completion").asLong()).isEqualTo(output);
    }

    @Test
    void aStreamReachesTheClientAsAnthropicSentItWithItsUsageBilled() throws Exception {
        String streamed = RICH.replaceFirst("\\{\"model\"", "{\"stream\": true, \"model\"");
        HttpResponse<String> response = post(streamed);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(onlyRequest().body())).isEqualTo(withModel(streamed, "sim-claude"));
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        List<String> types = new java.util.ArrayList<>();
        long output = -1;
        for (String block : response.body().split("\n\n")) {
            if (block.isBlank()) {
                continue;
            }
            String[] lines = block.split("\n");
            JsonNode data = JSON.readTree(lines[1].substring("data: ".length()));
            assertThat(lines[0]).isEqualTo("event: " + data.path("type").asText());
            types.add(data.path("type").asText() + (data.has("delta") ? ":" + data.at("/delta/type").asText() : ""));
            if (data.path("type").asText().equals("message_delta")) {
                output = data.at("/usage/output_tokens").asLong();
            }
        }
        // The simulator's own events, thinking and its signature included, in its order: nothing translated.
        assertThat(types).startsWith("message_start", "content_block_start", "content_block_delta:thinking_delta",
                "content_block_delta:signature_delta", "content_block_stop", "content_block_start", "ping");
        assertThat(types).endsWith("content_block_stop", "message_delta:", "message_stop");
        assertThat(response.body()).doesNotContain("[DONE]", "chat.completion.chunk");

        JsonNode generation = generation(response.headers().firstValue("x-request-id").orElseThrow());
        assertThat(generation.path("outcome").asText()).isEqualTo("ok");
        assertThat(generation.path("tokens_completion").asLong()).isEqualTo(output);
        assertThat(generation.path("tokens_prompt").asLong()).isPositive();
    }

    /**
     * Anthropic's stream breaks off after its first events: the client keeps what it got, then Anthropic's own error
     * event (no message_stop, so an SDK raises instead of taking a cut answer as whole), and the relay bills what was
     * delivered: the prompt as message_start reported it (cache writes included) and the text sent so far.
     */
    @Test
    void aStreamCutByAnthropicEndsWithAnErrorEventAndIsBilledForWhatWasDelivered() throws Exception {
        sim.faults().forModel("sim-claude", 1, Fault.cutStream(4));
        String streamed = RICH.replaceFirst("\\{\"model\"", "{\"stream\": true, \"model\"");
        HttpResponse<String> response = post(streamed);

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> types = new java.util.ArrayList<>();
        JsonNode start = null;
        JsonNode last = null;
        for (String block : response.body().split("\n\n")) {
            if (block.isBlank()) {
                continue;
            }
            String[] lines = block.split("\n");
            last = JSON.readTree(lines[1].substring("data: ".length()));
            types.add(last.path("type").asText());
            if (types.size() == 1) {
                start = last;
            }
        }
        assertThat(types).startsWith("message_start").doesNotContain("message_stop").endsWith("error");
        assertThat(last.at("/error/type").asText()).isEqualTo("api_error");
        assertThat(last.at("/error/message").asText()).isNotBlank();

        JsonNode usage = start.at("/message/usage");
        JsonNode generation = generation(response.headers().firstValue("x-request-id").orElseThrow());
        assertThat(generation.path("outcome").asText()).startsWith("interrupted: stream cut");
        assertThat(generation.path("tokens_prompt").asLong()).isEqualTo(usage.path("input_tokens").asLong()
                + usage.path("cache_creation_input_tokens").asLong() + usage.path("cache_read_input_tokens").asLong());
        assertThat(generation.path("tokens_prompt").asLong()).isPositive();
        assertThat(new BigDecimal(generation.path("total_cost").asText())).as("billed, not dropped").isPositive();
    }

    @Test
    void aRedactionIsMadeInTheClientsOwnBodyAndNothingElseChanges() throws Exception {
        String card = """
                {"model": "claude", "max_tokens": 64,
                 "system": [{"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral"}}],
                 "messages": [{"role": "user", "content": [{"type": "text", "text": "My card is 4111 1111 1111 1111",
                                                            "cache_control": {"type": "ephemeral", "ttl": "1h"}}]}]}
                """;
        HttpResponse<String> response = post(card);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode sent = JSON.readTree(onlyRequest().body());
        String text = sent.at("/messages/0/content/0/text").asText();
        assertThat(text).doesNotContain("4111 1111 1111 1111").startsWith("My card is ");
        ObjectNode expected = withModel(card, "sim-claude");
        ((ObjectNode) expected.at("/messages/0/content/0")).put("text", text);
        assertThat(sent).isEqualTo(expected);
        assertThat(response.headers().allValues("x-modelgate-wire")).containsExactly("anthropic");
    }

    @Test
    void whatOnlyAnthropicCanCarryIsRefusedByOtherDeploymentsNamingIt() throws Exception {
        HttpResponse<String> response = post("""
                {"model": "solo", "max_tokens": 64,
                 "tools": [{"type": "web_search_20250305", "name": "web_search"}],
                 "messages": [{"role": "user", "content": "What is new today?"}]}
                """);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.at("/error/message").asText()).contains("the server tool 'web_search_20250305' at tools.0");
        assertThat(response.headers().firstValue("request-id")).isPresent();
        assertThat(sim.requests()).as("no deployment was called").isEmpty();
    }

    /** An alias with uncarried_features: drop sends the request on without the server tool, and says so. */
    @Test
    void anAliasThatDropsWhatItCannotCarryServesTheRestAndNamesWhatWasDropped() throws Exception {
        HttpResponse<String> response = post("""
                {"model": "solo-lenient", "max_tokens": 64,
                 "tools": [{"type": "web_search_20250305", "name": "web_search"}],
                 "messages": [{"role": "user", "content": "What is new today?"}]}
                """);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().allValues("x-modelgate-dropped")).containsExactly("the server tool 'web_search_20250305' at tools.0");
        JsonNode sent = JSON.readTree(onlyRequest().body());
        assertThat(onlyRequest().path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.has("tools")).as("the server tool is not sent").isFalse();
        assertThat(JSON.readTree(response.body()).path("type").asText()).isEqualTo("message");
    }

    /** Claude Code asks for its own default model id; the policy's pattern claude-sonnet-* routes it to the alias claude. */
    @Test
    void anAgentsDefaultModelIdRoutesByTheAliasPattern() throws Exception {
        HttpResponse<String> response = post("""
                {"model": "claude-sonnet-4-5-20250929", "max_tokens": 64, "messages": [{"role": "user", "content": "hi"}]}
                """);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(onlyRequest().body()).path("model").asText()).isEqualTo("sim-claude");
        assertThat(generation(response.headers().firstValue("x-request-id").orElseThrow()).path("model").asText()).isEqualTo("claude");

        HttpResponse<String> unknown = post("""
                {"model": "claude-opus-4-1", "max_tokens": 64, "messages": [{"role": "user", "content": "hi"}]}
                """);
        assertThat(unknown.statusCode()).as("no alias and no pattern matches it").isEqualTo(404);
    }

    @Test
    void aBaseUrlWorksWithOrWithoutV1() throws Exception {
        HttpResponse<String> response = post("""
                {"model": "claude-root", "max_tokens": 64, "messages": [{"role": "user", "content": "hi"}]}
                """);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(onlyRequest().path()).isEqualTo("/v1/messages");
        assertThat(JSON.readTree(response.body()).path("model").asText()).isEqualTo("sim-claude-root");
    }

    @Test
    void aProvider404FromAWrongBaseUrlFailsOverAndIsA502WhenNothingIsLeft() throws Exception {
        HttpResponse<String> failedOver = post("""
                {"model": "claude-lost-then-found", "max_tokens": 64, "messages": [{"role": "user", "content": "hi"}]}
                """);
        assertThat(failedOver.statusCode()).as(failedOver.body()).isEqualTo(200);
        assertThat(failedOver.headers().allValues("x-modelgate-model")).containsExactly("sim-claude-found");
        assertThat(sim.requests()).extracting(RecordedRequest::path).containsExactly("/v1/messages/lost/v1/messages", "/v1/messages");

        HttpResponse<String> nothingLeft = post("""
                {"model": "claude-lost", "max_tokens": 64, "messages": [{"role": "user", "content": "hi"}]}
                """);
        assertThat(nothingLeft.statusCode()).as(nothingLeft.body()).isEqualTo(502);
        JsonNode error = JSON.readTree(nothingLeft.body());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.at("/error/type").asText()).isEqualTo("api_error");
        String requestId = nothingLeft.headers().firstValue("request-id").orElseThrow();
        assertThat(nothingLeft.headers().allValues("x-request-id")).containsExactly(requestId);
        assertThat(error.path("request_id").asText()).isEqualTo(requestId);
    }

    /**
     * count_tokens for an alias served by Anthropic asks Anthropic's own count endpoint (exact for its tokenizer),
     * with the client's body; the relay's estimate is the labelled fallback, and what a guardrail would redact is
     * never shown to a provider for counting.
     */
    @Test
    void countTokensAsksAnthropicAndFallsBackToTheLabelledEstimate() throws Exception {
        String body = """
                {"model": "claude", "system": [{"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral"}}],
                 "thinking": {"type": "enabled", "budget_tokens": 1024},
                 "messages": [{"role": "user", "content": "What is the capital of France?"}]}
                """;
        HttpResponse<String> counted = post(URL + "/count_tokens", body);
        assertThat(counted.statusCode()).as(counted.body()).isEqualTo(200);
        assertThat(JSON.readTree(counted.body())).isEqualTo(JSON.readTree("{\"input_tokens\": 8}")); // the simulator's word count
        assertThat(counted.headers().allValues("x-modelgate-token-count")).containsExactly("provider");
        RecordedRequest asked = onlyRequest();
        assertThat(asked.path()).isEqualTo("/v1/messages/count_tokens");
        assertThat(JSON.readTree(asked.body())).isEqualTo(withModel(body, "sim-claude"));
        assertThat(asked.headers()).containsEntry("anthropic-beta", BETA);

        sim.clear();
        HttpResponse<String> estimated = post(URL + "/count_tokens", body.replace("\"claude\"", "\"solo\""));
        assertThat(estimated.statusCode()).isEqualTo(200);
        assertThat(estimated.headers().allValues("x-modelgate-token-count")).containsExactly("estimate");
        HttpResponse<String> redacted = post(URL + "/count_tokens", body.replace("capital of France?", "card 4111 1111 1111 1111"));
        assertThat(redacted.headers().allValues("x-modelgate-token-count")).containsExactly("estimate");
        assertThat(sim.requests()).as("neither an OpenAI deployment nor a redacted body is asked").isEmpty();
    }

    private static JsonNode generation(String id) throws Exception {
        HttpResponse<String> record = http.send(HttpRequest.newBuilder(URI.create(RelayIT.BASE + "/generations/" + id))
                .header("Authorization", "Bearer " + RelayIT.KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(record.statusCode()).as(record.body()).isEqualTo(200);
        return JSON.readTree(record.body()).path("data");
    }
}
