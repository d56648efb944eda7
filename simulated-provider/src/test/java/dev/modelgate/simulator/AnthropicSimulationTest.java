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

class AnthropicSimulationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MESSAGES = "{\"model\":\"claude-sim\",\"max_tokens\":256,\"system\":\"Be brief.\","
            + "\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]}";
    private static final String TOOLS = "\"tools\":[{\"name\":\"search_docs\",\"description\":\"Search\",\"input_schema\":{\"type\":\"object\"}},"
            + "{\"name\":\"other\",\"input_schema\":{\"type\":\"object\"}}]";
    private static final String ASK_TOOL = "{\"model\":\"claude-sim\",\"max_tokens\":256," + TOOLS
            + ",\"messages\":[{\"role\":\"user\",\"content\":\"please call tool\"}]}";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private SimulatedProvider sim;

    @BeforeEach
    void start() throws IOException {
        sim = SimulatedProvider.start(0, Optional.of("sk-ant-sim"));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private HttpRequest.Builder request(String body) {
        return HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/messages"))
                .header("x-api-key", "sk-ant-sim").header("anthropic-version", "2023-06-01")
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> post(String body) throws Exception {
        return send(request(body));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String streamed(String body) {
        return body.replace("{\"model\"", "{\"stream\":true,\"model\"");
    }

    /**
     * An agent's conversation, turn by turn: the first turn writes its marked prefix (the system prompt, for an hour),
     * the second reads it and writes the new turn up to its breakpoint, the same turn again reads it all.
     */
    @Test
    void aMarkedPrefixIsWrittenOnceThenReadAsAnthropicsCacheDoes() throws Exception {
        String system = "\"system\":[{\"type\":\"text\",\"text\":\"You review code very carefully.\",\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}}]";
        String first = "{\"model\":\"claude-sim\",\"max_tokens\":64," + system
                + ",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Review a.py\"}]}]}";
        String second = "{\"model\":\"claude-sim\",\"max_tokens\":64," + system
                + ",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Review a.py\"}]},"
                + "{\"role\":\"assistant\",\"content\":\"Looks fine.\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Now b.py please\",\"cache_control\":{\"type\":\"ephemeral\"}}]}]}";

        JsonNode one = JSON.readTree(post(first).body()).path("usage");
        JsonNode two = JSON.readTree(post(second).body()).path("usage");
        JsonNode three = JSON.readTree(post(streamed(second)).body().lines()
                .filter(l -> l.startsWith("data: ") && l.contains("message_start")).findFirst().orElseThrow().substring(6))
                .at("/message/usage");

        // 5 words of system written for an hour; "Review a.py" (2 words) is not marked, so plain input.
        assertThat(one).isEqualTo(JSON.readTree("{\"input_tokens\":2,\"output_tokens\":" + one.path("output_tokens").asInt()
                + ",\"cache_creation_input_tokens\":5,\"cache_read_input_tokens\":0,"
                + "\"cache_creation\":{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_input_tokens\":5}}"));
        // The system prompt is read; the turns after it (2 + 2 + 3 words) are written for 5 minutes.
        assertThat(two.path("cache_read_input_tokens").asInt()).isEqualTo(5);
        assertThat(two.path("cache_creation_input_tokens").asInt()).isEqualTo(7);
        assertThat(two.at("/cache_creation/ephemeral_5m_input_tokens").asInt()).isEqualTo(7);
        assertThat(two.path("input_tokens").asInt()).isZero();
        // The same conversation again, streamed: everything up to the last breakpoint is read, nothing written.
        assertThat(three.path("cache_read_input_tokens").asInt()).isEqualTo(12);
        assertThat(three.path("cache_creation_input_tokens").asInt()).isZero();

        sim.clear();
        assertThat(JSON.readTree(post(first).body()).at("/usage/cache_creation_input_tokens").asInt())
                .as("clear() forgets the cache").isEqualTo(5);
    }

    @Test
    void answersAMessageWithTheSameTextAndTokensAsTheOpenAiSide() throws Exception {
        HttpResponse<String> response = post(MESSAGES);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("id").asText()).startsWith("msg_sim_");
        assertThat(body.path("type").asText()).isEqualTo("message");
        assertThat(body.path("role").asText()).isEqualTo("assistant");
        assertThat(body.path("model").asText()).isEqualTo("claude-sim");
        assertThat(body.path("content")).hasSize(1);
        assertThat(body.at("/content/0/type").asText()).isEqualTo("text");
        assertThat(body.at("/content/0/text").asText()).isEqualTo("Simulated answer to: What is the capital of France?");
        assertThat(body.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(body.path("stop_sequence").isNull()).isTrue();
        assertThat(body.path("usage")).isEqualTo(JSON.readTree(
                "{\"input_tokens\":8,\"output_tokens\":9,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0}"));

        JsonNode openAi = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/chat/completions"))
                .header("Authorization", "Bearer sk-ant-sim").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"sim-chat\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                                + "{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(body.at("/content/0/text").asText()).isEqualTo(openAi.at("/choices/0/message/content").asText());
        assertThat(body.at("/usage/input_tokens").asInt()).isEqualTo(openAi.at("/usage/prompt_tokens").asInt());
        assertThat(body.at("/usage/output_tokens").asInt()).isEqualTo(openAi.at("/usage/completion_tokens").asInt());

        RecordedRequest recorded = sim.requests().get(0);
        assertThat(recorded.path()).isEqualTo("/v1/messages");
        assertThat(recorded.headers()).containsEntry("x-api-key", "(present)").containsEntry("anthropic-version", "2023-06-01");
        assertThat(recorded.body()).isEqualTo(MESSAGES);
        assertThat(recorded.toString()).doesNotContain("sk-ant-sim");
    }

    @Test
    void cutsTheAnswerAtMaxTokens() throws Exception {
        JsonNode body = JSON.readTree(post(MESSAGES.replace("256", "3")).body());
        assertThat(body.at("/content/0/text").asText()).isEqualTo("Simulated answer to:");
        assertThat(body.path("stop_reason").asText()).isEqualTo("max_tokens");
        assertThat(body.at("/usage/output_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void callsTheFirstToolWhenAskedAndAnswersTextAfterTheToolResult() throws Exception {
        JsonNode body = JSON.readTree(post(ASK_TOOL).body());
        assertThat(body.path("stop_reason").asText()).isEqualTo("tool_use");
        JsonNode block = body.at("/content/0");
        assertThat(block.path("type").asText()).isEqualTo("tool_use");
        assertThat(block.path("id").asText()).startsWith("toolu_sim_");
        assertThat(block.path("name").asText()).isEqualTo("search_docs");
        assertThat(block.path("input")).isEqualTo(JSON.readTree("{\"query\":\"simulated\"}"));

        String afterResult = ASK_TOOL.replace("]}", ",{\"role\":\"assistant\",\"content\":[" + block + "]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"" + block.path("id").asText()
                + "\",\"content\":\"Paris is the capital\"}]}]}");
        JsonNode answer = JSON.readTree(post(afterResult).body());
        assertThat(answer.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(answer.at("/content/0/text").asText()).isEqualTo("Simulated answer to: please call tool");
        assertThat(answer.at("/usage/input_tokens").asInt()).isEqualTo(3 + 4); // the user's words and the tool result's

        String forced = "{\"model\":\"claude-sim\",\"max_tokens\":256," + TOOLS + ",\"tool_choice\":{\"type\":\"tool\",\"name\":\"other\"},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
        assertThat(JSON.readTree(post(forced).body()).at("/content/0/name").asText()).isEqualTo("other");
        assertThat(JSON.readTree(post(ASK_TOOL.replace("please call tool", "hello")).body()).at("/content/0/type").asText())
                .isEqualTo("text");
    }

    @Test
    void reportsThePrefixUpToTheLastCacheControlBlockAsCacheRead() throws Exception {
        String body = "{\"model\":\"claude-sim\",\"max_tokens\":256,"
                + "\"system\":[{\"type\":\"text\",\"text\":\"You are a careful assistant.\",\"cache_control\":{\"type\":\"ephemeral\"}},"
                + "{\"type\":\"text\",\"text\":\"Answer in French.\"}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is the capital of France?\"}]}]}";
        assertThat(JSON.readTree(post(body).body()).at("/usage/cache_creation_input_tokens").asInt()).as("written first").isEqualTo(5);
        JsonNode usage = JSON.readTree(post(body).body()).path("usage");
        assertThat(usage.path("cache_read_input_tokens").asInt()).isEqualTo(5);
        assertThat(usage.path("input_tokens").asInt()).isEqualTo(3 + 6);
        assertThat(usage.path("cache_creation_input_tokens").asInt()).isZero();

        String lastMarked = body.replace("\"What is the capital of France?\"}", "\"What is the capital of France?\",\"cache_control\":{\"type\":\"ephemeral\"}}");
        JsonNode all = JSON.readTree(post(lastMarked).body()).path("usage");
        assertThat(all.path("cache_read_input_tokens").asInt()).as("the system block's prefix").isEqualTo(5);
        assertThat(all.path("cache_creation_input_tokens").asInt()).as("the rest up to the new breakpoint").isEqualTo(9);
        assertThat(all.path("input_tokens").asInt()).isZero();
        JsonNode again = JSON.readTree(post(lastMarked).body()).path("usage");
        assertThat(again.path("cache_read_input_tokens").asInt()).isEqualTo(14);
        assertThat(again.path("input_tokens").asInt()).isZero();
    }

    @Test
    void streamsNamedEventsInAnthropicsOrder() throws Exception {
        HttpResponse<String> response = post(streamed(MESSAGES));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        SseEvents events = SseEvents.parse(response.body());
        assertThat(events.names()).containsExactly("message_start", "content_block_start", "ping",
                "content_block_delta", "content_block_delta", "content_block_delta", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop");
        for (SseEvents.Event e : events.all()) {
            assertThat(JSON.readTree(e.data()).path("type").asText()).isEqualTo(e.name());
        }
        JsonNode start = JSON.readTree(events.data().get(0)).path("message");
        assertThat(start.path("id").asText()).startsWith("msg_sim_");
        assertThat(start.path("content")).isEmpty();
        assertThat(start.path("stop_reason").isNull()).isTrue();
        assertThat(start.at("/usage/input_tokens").asInt()).isEqualTo(8);
        assertThat(JSON.readTree(events.data().get(1)).path("content_block"))
                .isEqualTo(JSON.readTree("{\"type\":\"text\",\"text\":\"\"}"));
        StringBuilder text = new StringBuilder();
        for (String data : events.data().subList(3, 7)) {
            JsonNode delta = JSON.readTree(data);
            assertThat(delta.path("index").asInt()).isZero();
            assertThat(delta.at("/delta/type").asText()).isEqualTo("text_delta");
            text.append(delta.at("/delta/text").asText());
        }
        assertThat(text.toString()).isEqualTo("Simulated answer to: What is the capital of France?");
        JsonNode messageDelta = JSON.readTree(events.data().get(8));
        assertThat(messageDelta.at("/delta/stop_reason").asText()).isEqualTo("end_turn");
        assertThat(messageDelta.at("/usage/output_tokens").asInt()).isEqualTo(9);
    }


    @Test
    void streamsAToolUseAsInputJsonDeltas() throws Exception {
        SseEvents events = SseEvents.parse(post(streamed(ASK_TOOL)).body());
        JsonNode blockStart = JSON.readTree(events.data().get(1)).path("content_block");
        assertThat(blockStart.path("type").asText()).isEqualTo("tool_use");
        assertThat(blockStart.path("name").asText()).isEqualTo("search_docs");
        assertThat(blockStart.path("input")).isEmpty();
        StringBuilder json = new StringBuilder();
        int fragments = 0;
        for (String data : events.data()) {
            JsonNode e = JSON.readTree(data);
            if (e.path("type").asText().equals("content_block_delta")) {
                assertThat(e.at("/delta/type").asText()).isEqualTo("input_json_delta");
                fragments += e.at("/delta/partial_json").asText().isEmpty() ? 0 : 1;
                json.append(e.at("/delta/partial_json").asText());
            }
        }
        assertThat(fragments).isGreaterThanOrEqualTo(2);
        assertThat(JSON.readTree(json.toString())).isEqualTo(JSON.readTree("{\"query\":\"simulated\"}"));
        assertThat(events.names()).endsWith("content_block_stop", "message_delta", "message_stop");
        assertThat(JSON.readTree(events.data().get(events.all().size() - 2)).at("/delta/stop_reason").asText()).isEqualTo("tool_use");
    }

    @Test
    void checksTheKeyTheVersionHeaderAndMaxTokensInAnthropicsErrorShape() throws Exception {
        HttpResponse<String> noKey = send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/messages"))
                .header("anthropic-version", "2023-06-01").POST(HttpRequest.BodyPublishers.ofString(MESSAGES)));
        assertAnthropicError(noKey, 401, "authentication_error");
        HttpResponse<String> bearerOnly = send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/messages"))
                .header("Authorization", "Bearer sk-ant-sim").header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(MESSAGES)));
        assertAnthropicError(bearerOnly, 401, "authentication_error");
        HttpResponse<String> wrongKey = send(request(MESSAGES).setHeader("x-api-key", "sk-wrong"));
        assertAnthropicError(wrongKey, 401, "authentication_error");
        assertThat(wrongKey.body()).doesNotContain("sk-wrong");

        HttpResponse<String> noVersion = send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/messages"))
                .header("x-api-key", "sk-ant-sim").POST(HttpRequest.BodyPublishers.ofString(MESSAGES)));
        assertAnthropicError(noVersion, 400, "invalid_request_error");
        assertAnthropicError(post(MESSAGES.replace("\"max_tokens\":256,", "")), 400, "invalid_request_error");
    }

    @Test
    void statusFaultsAnswerInAnthropicsErrorShapeWithRetryAfter() throws Exception {
        sim.faults().forModel("claude-sim", 1, Fault.status(429, 7));
        HttpResponse<String> limited = post(MESSAGES);
        assertAnthropicError(limited, 429, "rate_limit_error");
        assertThat(limited.headers().firstValue("retry-after")).hasValue("7");

        sim.faults().forModel("claude-sim", 1, Fault.status(529));
        assertAnthropicError(post(MESSAGES), 529, "overloaded_error");
        sim.faults().forModel("claude-sim", 1, Fault.status(500));
        assertAnthropicError(post(MESSAGES), 500, "api_error");
        sim.faults().forModel("claude-other", 1, Fault.status(503));
        assertThat(post(MESSAGES).statusCode()).isEqualTo(200);
    }

    @Test
    void cutStreamDropsTheAnswerBeforeMessageStop() throws Exception {
        sim.faults().next(1, Fault.cutStream(2));
        try {
            assertThat(SseEvents.parse(post(streamed(MESSAGES)).body()).names())
                    .containsExactly("message_start", "content_block_start");
        } catch (IOException dropped) {
            assertThat(dropped).isNotNull();
        }
        assertThat(SseEvents.parse(post(streamed(MESSAGES)).body()).names()).endsWith("message_stop");
    }

    @Test
    void errorEventEndsTheStreamWithAnOverloadedErrorEvent() throws Exception {
        sim.faults().next(1, Fault.errorEvent(4));
        HttpResponse<String> response = post(streamed(MESSAGES));
        assertThat(response.statusCode()).isEqualTo(200);
        SseEvents events = SseEvents.parse(response.body());
        assertThat(events.names()).containsExactly("message_start", "content_block_start", "ping", "content_block_delta", "error");
        assertThat(JSON.readTree(events.data().get(4)))
                .isEqualTo(JSON.readTree("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
    }

    private static void assertAnthropicError(HttpResponse<String> response, int status, String type) throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.at("/error/type").asText()).isEqualTo(type);
        assertThat(body.at("/error/message").asText()).isNotBlank();
        assertThat(List.copyOf(iterable(body.fieldNames()))).containsExactlyInAnyOrder("type", "error");
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    /** A stand-in as strict as Anthropic: a field it does not know is a 400 naming it, so a translation cannot add one unnoticed. */
    @Test
    void refusesFieldsAnthropicDoesNotKnowNamingThem() throws Exception {
        HttpResponse<String> extraTop = post(MESSAGES.replace("{\"model\"", "{\"stream_options\":{},\"model\""));
        assertThat(extraTop.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(extraTop.body()).at("/error/message").asText()).isEqualTo("stream_options: Extra inputs are not permitted");

        HttpResponse<String> extraInBlock = post("""
                {"model":"claude-sim","max_tokens":10,"messages":[{"role":"user","content":[
                  {"type":"text","text":"hi","cache_control":{"type":"ephemeral","ttl":"1h"}},
                  {"type":"tool_result","tool_use_id":"t","content":"x","is_error":true,"error":true}]}]}""");
        assertThat(extraInBlock.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(extraInBlock.body()).at("/error/message").asText())
                .isEqualTo("messages.0.content.1.error: Extra inputs are not permitted");

        HttpResponse<String> unknownBlock = post("""
                {"model":"claude-sim","max_tokens":10,"messages":[{"role":"user","content":[{"type":"video"}]}]}""");
        assertThat(JSON.readTree(unknownBlock.body()).at("/error/message").asText()).startsWith("messages.0.content.0.type: Input tag 'video'");

        HttpResponse<String> everythingKnown = post("""
                {"model":"claude-sim","max_tokens":100,"top_k":5,"stop_sequences":["END"],"metadata":{"user_id":"u1"},
                 "thinking":{"type":"enabled","budget_tokens":1024},
                 "system":[{"type":"text","text":"Be brief.","cache_control":{"type":"ephemeral"}}],
                 "tools":[{"type":"web_search_20250305","name":"web_search","max_uses":2},
                          {"name":"t","input_schema":{"type":"object"},"cache_control":{"type":"ephemeral","ttl":"1h"}}],
                 "messages":[{"role":"user","content":[{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0="}},
                                                      {"type":"text","text":"hi"}]}]}""");
        assertThat(everythingKnown.statusCode()).as(everythingKnown.body()).isEqualTo(200);
    }

    @Test
    void extendedThinkingOpensTheAnswerWithASignedThinkingBlockAndCountsAsOutput() throws Exception {
        String thinking = MESSAGES.replace("{\"model\"", "{\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024},\"model\"");
        JsonNode body = JSON.readTree(post(thinking).body());
        assertThat(body.at("/content/0/type").asText()).isEqualTo("thinking");
        assertThat(body.at("/content/0/thinking").asText()).isEqualTo(AnthropicAnswers.THINKING);
        assertThat(body.at("/content/0/signature").asText()).isEqualTo("sig_" + body.path("id").asText());
        assertThat(body.at("/content/1/type").asText()).isEqualTo("text");
        // 6 words of thinking + 9 of the answer
        assertThat(body.at("/usage/output_tokens").asInt()).isEqualTo(15);

        String stream = post(thinking.replace("{\"thinking\"", "{\"stream\":true,\"thinking\"")).body();
        assertThat(stream).contains("\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}")
                .contains("\"type\":\"signature_delta\"")
                .contains("\"index\":1,\"content_block\":{\"type\":\"text\"")
                .contains("\"output_tokens\":15");
    }
}
