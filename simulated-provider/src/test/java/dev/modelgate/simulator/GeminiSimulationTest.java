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
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class GeminiSimulationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GENERATE = "/v1beta/models/gemini-sim:generateContent";
    private static final String STREAM = "/v1beta/models/gemini-sim:streamGenerateContent?alt=sse";
    private static final String CONTENTS = "{\"systemInstruction\":{\"parts\":[{\"text\":\"Be brief.\"}]},"
            + "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"What is the capital of France?\"}]}]}";
    private static final String ASK_TOOL = "{\"tools\":[{\"functionDeclarations\":[{\"name\":\"search_docs\",\"parameters\":{\"type\":\"OBJECT\"}},"
            + "{\"name\":\"other\"}]}],\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"please call tool\"}]}]}";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private SimulatedProvider sim;

    @BeforeEach
    void start() throws IOException {
        sim = SimulatedProvider.start(0, Optional.of("AIza-sim"));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private HttpRequest.Builder request(String pathAndQuery, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + pathAndQuery))
                .header("x-goog-api-key", "AIza-sim").header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> post(String pathAndQuery, String body) throws Exception {
        return send(request(pathAndQuery, body));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersGenerateContentWithTheSameTextAndTokensAsTheOpenAiSide() throws Exception {
        HttpResponse<String> response = post(GENERATE, CONTENTS);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("candidates")).hasSize(1);
        JsonNode candidate = body.at("/candidates/0");
        assertThat(candidate.at("/content/role").asText()).isEqualTo("model");
        assertThat(candidate.at("/content/parts")).hasSize(1);
        assertThat(candidate.at("/content/parts/0/text").asText()).isEqualTo("Simulated answer to: What is the capital of France?");
        assertThat(candidate.path("finishReason").asText()).isEqualTo("STOP");
        assertThat(candidate.path("index").asInt()).isZero();
        assertThat(body.path("usageMetadata"))
                .isEqualTo(JSON.readTree("{\"promptTokenCount\":8,\"candidatesTokenCount\":9,\"totalTokenCount\":17}"));
        assertThat(body.path("modelVersion").asText()).isEqualTo("gemini-sim");

        RecordedRequest recorded = sim.requests().get(0);
        assertThat(recorded.path()).isEqualTo(GENERATE);
        assertThat(recorded.headers()).containsEntry("x-goog-api-key", "(present)");
        assertThat(recorded.body()).isEqualTo(CONTENTS);
    }

    @Test
    void cutsTheTextAtMaxOutputTokens() throws Exception {
        JsonNode body = JSON.readTree(post(GENERATE, CONTENTS.replace("{\"systemInstruction\"",
                "{\"generationConfig\":{\"maxOutputTokens\":2},\"systemInstruction\"")).body());
        assertThat(body.at("/candidates/0/content/parts/0/text").asText()).isEqualTo("Simulated answer");
        assertThat(body.at("/candidates/0/finishReason").asText()).isEqualTo("MAX_TOKENS");
        assertThat(body.at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(2);
    }

    @Test
    void callsTheFirstFunctionWhenAskedAndAnswersTextAfterTheFunctionResponse() throws Exception {
        JsonNode body = JSON.readTree(post(GENERATE, ASK_TOOL).body());
        JsonNode part = body.at("/candidates/0/content/parts/0");
        assertThat(part.at("/functionCall/name").asText()).isEqualTo("search_docs");
        assertThat(part.at("/functionCall/args")).isEqualTo(JSON.readTree("{\"query\":\"simulated\"}"));
        assertThat(body.at("/candidates/0/finishReason").asText()).isEqualTo("STOP");

        String afterResponse = ASK_TOOL.replace("]}]}", "]},{\"role\":\"model\",\"parts\":[" + part + "]},"
                + "{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"search_docs\",\"response\":{\"content\":\"Paris is the capital\"}}}]}]}");
        JsonNode answer = JSON.readTree(post(GENERATE, afterResponse).body());
        assertThat(answer.at("/candidates/0/content/parts/0/text").asText()).isEqualTo("Simulated answer to: please call tool");
        assertThat(answer.at("/usageMetadata/promptTokenCount").asInt()).isEqualTo(3 + 4);

        String forced = ASK_TOOL.replace("please call tool", "hello").replace("{\"tools\"",
                "{\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"other\"]}},\"tools\"");
        assertThat(JSON.readTree(post(GENERATE, forced).body()).at("/candidates/0/content/parts/0/functionCall/name").asText())
                .isEqualTo("other");
        assertThat(JSON.readTree(post(GENERATE, ASK_TOOL.replace("please call tool", "hello")).body())
                .at("/candidates/0/content/parts/0/text").asText()).startsWith("Simulated answer");
    }

    @Test
    void streamsResponsesAsDataEventsWithUsageAndFinishReasonInTheLast() throws Exception {
        HttpResponse<String> response = post(STREAM, CONTENTS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        assertThat(response.body()).doesNotContain("[DONE]").doesNotContain("event:");
        SseEvents events = SseEvents.parse(response.body());
        assertThat(events.all()).hasSizeGreaterThanOrEqualTo(3);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < events.all().size(); i++) {
            JsonNode chunk = JSON.readTree(events.data().get(i));
            boolean last = i == events.all().size() - 1;
            assertThat(chunk.at("/candidates/0/content/role").asText()).isEqualTo("model");
            assertThat(chunk.path("modelVersion").asText()).isEqualTo("gemini-sim");
            assertThat(chunk.has("usageMetadata")).isEqualTo(last);
            assertThat(chunk.at("/candidates/0").has("finishReason")).isEqualTo(last);
            text.append(chunk.at("/candidates/0/content/parts/0/text").asText());
        }
        JsonNode last = JSON.readTree(events.data().get(events.all().size() - 1));
        assertThat(last.at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
        assertThat(last.path("usageMetadata"))
                .isEqualTo(JSON.readTree("{\"promptTokenCount\":8,\"candidatesTokenCount\":9,\"totalTokenCount\":17}"));
        assertThat(text.toString()).isEqualTo("Simulated answer to: What is the capital of France?");
        assertThat(sim.requests().get(0).query()).containsEntry("alt", "sse");

        JsonNode array = JSON.readTree(post(STREAM.replace("?alt=sse", ""), CONTENTS).body());
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(events.all().size());
    }

    @Test
    void streamsAFunctionCallInOneEvent() throws Exception {
        SseEvents events = SseEvents.parse(post(STREAM, ASK_TOOL).body());
        assertThat(events.all()).hasSize(1);
        JsonNode chunk = JSON.readTree(events.data().get(0));
        assertThat(chunk.at("/candidates/0/content/parts/0/functionCall/name").asText()).isEqualTo("search_docs");
        assertThat(chunk.at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(1);
    }

    @Test
    void batchEmbedContentsAnswersOneVectorPerRequestAndNoTokenCounts() throws Exception {
        String embed = "/v1beta/models/gemini-embed-sim:batchEmbedContents";
        HttpResponse<String> response = post(embed, "{\"requests\":["
                + "{\"model\":\"models/gemini-embed-sim\",\"content\":{\"parts\":[{\"text\":\"the quick brown fox\"}]}},"
                + "{\"model\":\"models/gemini-embed-sim\",\"content\":{\"parts\":[{\"text\":\"jumps\"}]}}]}");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("embeddings")).hasSize(2);
        assertThat(body.at("/embeddings/0/values")).hasSize(8);
        assertThat(body.at("/embeddings/0/values")).isNotEqualTo(body.at("/embeddings/1/values"));
        assertThat(body.fieldNames()).toIterable().containsExactly("embeddings");

        JsonNode again = JSON.readTree(post(embed, "{\"requests\":[{\"content\":{\"parts\":[{\"text\":\"jumps\"}]}}]}").body());
        assertThat(again.at("/embeddings/0/values")).isEqualTo(body.at("/embeddings/1/values"));
        assertGoogleError(post(embed, "{\"requests\":[]}"), 400, "INVALID_ARGUMENT");
    }

    @Test
    void checksTheKeyHeaderInGooglesErrorShape() throws Exception {
        HttpResponse<String> noKey = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + GENERATE + "?key=AIza-sim"))
                .POST(HttpRequest.BodyPublishers.ofString(CONTENTS)));
        assertGoogleError(noKey, 401, "UNAUTHENTICATED");
        assertThat(sim.requests().get(0).query()).containsEntry("key", "(present)");
        assertThat(sim.requests().get(0).toString()).doesNotContain("AIza-sim");
        HttpResponse<String> wrongKey = send(request(GENERATE, CONTENTS).setHeader("x-goog-api-key", "AIza-wrong"));
        assertGoogleError(wrongKey, 403, "PERMISSION_DENIED");
        assertThat(wrongKey.body()).doesNotContain("AIza-wrong");
        assertGoogleError(post(GENERATE, "{\"contents\":[]}"), 400, "INVALID_ARGUMENT");
        assertGoogleError(post("/v1beta/models/gemini-sim:countTokens", CONTENTS), 404, "NOT_FOUND");
    }

    @Test
    void statusFaultsMatchTheModelInThePathAndAnswerInGooglesShape() throws Exception {
        sim.faults().forModel("gemini-sim", 1, Fault.status(429, 4));
        HttpResponse<String> limited = post(GENERATE, CONTENTS);
        assertGoogleError(limited, 429, "RESOURCE_EXHAUSTED");
        assertThat(limited.headers().firstValue("retry-after")).hasValue("4");
        assertThat(JSON.readTree(limited.body()).at("/error/details/0/retryDelay").asText()).isEqualTo("4s");

        sim.faults().forModel("gemini-sim", 1, Fault.status(500));
        assertGoogleError(post(GENERATE, CONTENTS), 500, "INTERNAL");
        sim.faults().forModel("gemini-sim", 1, Fault.status(503));
        assertGoogleError(post(STREAM, CONTENTS), 503, "UNAVAILABLE");
        sim.faults().forModel("gemini-other", 1, Fault.status(503));
        assertThat(post(GENERATE, CONTENTS).statusCode()).isEqualTo(200);
    }

    @Test
    void safetyBlockAnswersPromptFeedbackWithoutCandidates() throws Exception {
        sim.faults().forModel("gemini-sim", 2, Fault.safetyBlock());
        HttpResponse<String> response = post(GENERATE, CONTENTS);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.has("candidates")).isFalse();
        assertThat(body.at("/promptFeedback/blockReason").asText()).isEqualTo("SAFETY");
        assertThat(body.at("/usageMetadata/promptTokenCount").asInt()).isEqualTo(8);

        SseEvents streamed = SseEvents.parse(post(STREAM, CONTENTS).body());
        assertThat(streamed.all()).hasSize(1);
        assertThat(JSON.readTree(streamed.data().get(0)).at("/promptFeedback/blockReason").asText()).isEqualTo("SAFETY");
    }

    @Test
    void cutStreamAndErrorEventBreakTheStream() throws Exception {
        sim.faults().next(1, Fault.cutStream(1));
        try {
            assertThat(SseEvents.parse(post(STREAM, CONTENTS).body()).all()).hasSize(1);
        } catch (IOException dropped) {
            assertThat(dropped).isNotNull();
        }
        sim.faults().next(1, Fault.errorEvent(2));
        SseEvents events = SseEvents.parse(post(STREAM, CONTENTS).body());
        assertThat(events.all()).hasSize(3);
        JsonNode error = JSON.readTree(events.data().get(2));
        assertThat(error.at("/error/code").asInt()).isEqualTo(503);
        assertThat(error.at("/error/status").asText()).isEqualTo("UNAVAILABLE");
        assertThat(JSON.readTree(events.data().get(1)).has("usageMetadata")).isFalse();
    }

    private static void assertGoogleError(HttpResponse<String> response, int status, String name) throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(status);
        assertThat(error.path("status").asText()).isEqualTo(name);
        assertThat(error.path("message").asText()).isNotBlank();
    }
}
