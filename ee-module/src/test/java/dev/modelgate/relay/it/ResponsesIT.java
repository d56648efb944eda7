package dev.modelgate.relay.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.Reasoning;
import com.openai.models.ReasoningEffort;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFormatTextJsonSchemaConfig;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseItem;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseTextConfig;
import dev.modelgate.simulator.RecordedRequest;
import dev.modelgate.simulator.SimulatedProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The OpenAI Responses API on the standalone relay, driven by the official OpenAI Java SDK's Responses client:
 * plain and streamed answers, function tools and their outputs, a {@code previous_response_id} chain, retrieval,
 * input items and deletion of stored responses, and another key refused them; once passed through to a deployment
 * that speaks Responses (the simulator playing OpenAI) and once translated through chat to an Anthropic deployment,
 * with the provider-side requests checked as the simulator received them.
 */
class ResponsesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUESTION = "What is the capital of France?";
    private static final String ANSWER = "Simulated answer to: What is the capital of France?";
    private static SimulatedProvider sim;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        sim = SharedSimulator.get();
        client = clientWith(RelayIT.KEY);
    }

    private static OpenAIClient clientWith(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(RelayIT.BASE).apiKey(key).maxRetries(0).timeout(Duration.ofSeconds(20)).build();
    }

    @BeforeEach
    void reset() {
        sim.clear();
    }

    private static ResponseCreateParams.Builder ask(String alias, String text) {
        return ResponseCreateParams.builder().model(alias).input(text);
    }

    private static FunctionTool lookupTool() {
        return FunctionTool.builder().name("lookup").description("Looks a thing up").strict(false)
                .parameters(FunctionTool.Parameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("query", Map.of("type", "string")))).build())
                .build();
    }

    private static String text(Response response) {
        StringBuilder out = new StringBuilder();
        response.output().stream().filter(item -> item.isMessage()).forEach(item -> item.asMessage().content().stream()
                .filter(c -> c.isOutputText()).forEach(c -> out.append(c.asOutputText().text())));
        return out.toString();
    }

    private static ResponseFunctionToolCall call(Response response) {
        return response.output().stream().filter(item -> item.isFunctionCall()).findFirst().orElseThrow().asFunctionCall();
    }

    private static RecordedRequest onlyRequest() {
        List<RecordedRequest> requests = sim.requests();
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    @Test
    void aResponsesDeploymentIsPassedTheClientsBodyAndItsAnswerWithUsage() throws Exception {
        var raw = client.responses().withRawResponse().create(ask("responses", QUESTION).instructions("Be brief.")
                .maxOutputTokens(200).reasoning(Reasoning.builder().effort(ReasoningEffort.LOW).build()).build());
        Response response = raw.parse();

        assertThat(text(response)).isEqualTo(ANSWER);
        assertThat(response.usage().orElseThrow().inputTokens()).isEqualTo(8);
        assertThat(response.usage().orElseThrow().outputTokens()).isEqualTo(9);
        assertThat(raw.headers().values("x-request-id")).hasSize(1);
        assertThat(raw.headers().values("x-modelgate-model")).containsExactly("sim-responses");
        assertThat(raw.headers().values("x-modelgate-cost")).containsExactly("0.000026"); // 8 x 1 + 9 x 2 micro-USD

        RecordedRequest sent = onlyRequest();
        assertThat(sent.path()).isEqualTo("/v1/responses");
        JsonNode body = JSON.readTree(sent.body());
        assertThat(body.path("model").asText()).isEqualTo("sim-responses");
        assertThat(body.path("instructions").asText()).isEqualTo("Be brief.");
        assertThat(body.path("reasoning").path("effort").asText()).isEqualTo("low");
        assertThat(body.path("max_output_tokens").asInt()).isEqualTo(200);
        assertThat(body.path("store").asBoolean(true)).as("the relay keeps the conversation, not the provider").isFalse();
    }

    @Test
    void aStreamArrivesAsTypedEventsEndingWithUsage() {
        streamsTypedEvents("responses");
    }

    @Test
    void anAnthropicDeploymentStreamsTypedEventsThroughChat() {
        streamsTypedEvents("responses-claude");
        assertThat(onlyRequest().path()).isEqualTo("/v1/messages");
    }

    private static void streamsTypedEvents(String alias) {
        StringBuilder deltas = new StringBuilder();
        Response completed = null;
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(ask(alias, QUESTION).build())) {
            for (ResponseStreamEvent event : (Iterable<ResponseStreamEvent>) stream.stream()::iterator) {
                if (event.isOutputTextDelta()) {
                    deltas.append(event.asOutputTextDelta().delta());
                }
                if (event.isCompleted()) {
                    completed = event.asCompleted().response();
                }
            }
        }
        assertThat(deltas.toString()).isEqualTo(ANSWER);
        assertThat(completed).isNotNull();
        assertThat(text(completed)).isEqualTo(ANSWER);
        assertThat(completed.usage().orElseThrow().inputTokens()).isEqualTo(6);
        assertThat(completed.usage().orElseThrow().outputTokens()).isEqualTo(9);
        // A kept streamed response can be read back as it ended.
        assertThat(text(client.responses().retrieve(completed.id()))).isEqualTo(ANSWER);
    }

    @Test
    void aFunctionCallAndItsOutputRoundTripOnAResponsesDeployment() throws Exception {
        functionCallRoundTrip("responses");
        JsonNode input = JSON.readTree(onlyRequest().body()).path("input");
        assertThat(input.findValuesAsText("type")).contains("function_call", "function_call_output");
    }

    @Test
    void aFunctionCallAndItsOutputRoundTripThroughAnthropic() throws Exception {
        functionCallRoundTrip("responses-claude");
        JsonNode messages = JSON.readTree(onlyRequest().body()).path("messages");
        assertThat(messages.get(1).path("content").get(0).path("type").asText()).isEqualTo("tool_use");
        assertThat(messages.get(2).path("content").get(0).path("type").asText()).isEqualTo("tool_result");
    }

    private static void functionCallRoundTrip(String alias) {
        Response called = client.responses().create(ask(alias, "Please call tool for the weather").addTool(lookupTool()).build());
        ResponseFunctionToolCall call = call(called);
        assertThat(call.name()).isEqualTo("lookup");
        assertThat(call.arguments()).isEqualTo("{\"query\":\"simulated\"}");

        sim.clear();
        Response answered = client.responses().create(ResponseCreateParams.builder().model(alias).addTool(lookupTool())
                .previousResponseId(called.id())
                .inputOfResponse(List.of(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                        .callId(call.callId()).output("sunny and warm").build())))
                .build());
        assertThat(text(answered)).startsWith("Simulated answer to: Please call tool");
        assertThat(answered.previousResponseId()).hasValue(called.id());
    }

    @Test
    void aStreamedFunctionCallArrivesInArgumentDeltas() {
        for (String alias : List.of("responses", "responses-claude")) {
            StringBuilder arguments = new StringBuilder();
            String done = null;
            try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(
                    ask(alias, "Please call tool now").addTool(lookupTool()).build())) {
                for (ResponseStreamEvent event : (Iterable<ResponseStreamEvent>) stream.stream()::iterator) {
                    if (event.isFunctionCallArgumentsDelta()) {
                        arguments.append(event.asFunctionCallArgumentsDelta().delta());
                    }
                    if (event.isFunctionCallArgumentsDone()) {
                        done = event.asFunctionCallArgumentsDone().arguments();
                    }
                }
            }
            assertThat(arguments.toString()).as(alias).isEqualTo("{\"query\":\"simulated\"}");
            assertThat(done).as(alias).isEqualTo("{\"query\":\"simulated\"}");
        }
    }

    @Test
    void aChainIsKeptRetrievedListedAndDeleted() throws Exception {
        for (String alias : List.of("responses", "responses-claude")) {
            Response first = client.responses().create(ask(alias, "My name is Ann.").build());
            sim.clear();
            Response second = client.responses().create(ask(alias, "What is my name?").previousResponseId(first.id()).build());

            JsonNode sent = JSON.readTree(onlyRequest().body());
            String conversation = (alias.equals("responses") ? sent.path("input") : sent.path("messages")).toString();
            assertThat(conversation).as(alias).contains("My name is Ann.", "Simulated answer to: My name is Ann.", "What is my name?");
            assertThat(sent.has("previous_response_id")).as("the provider gets the conversation, not an id it cannot know").isFalse();

            assertThat(client.responses().retrieve(second.id()).id()).isEqualTo(second.id());
            List<ResponseItem> items = client.responses().inputItems().list(second.id()).data();
            assertThat(items).as(alias).hasSize(3); // newest first: the question, the first answer, the first question
            assertThat(items.get(0).isResponseInputMessageItem()).isTrue();
            assertThat(items.get(1).isResponseOutputMessage()).isTrue();

            client.responses().delete(second.id());
            assertThatThrownBy(() -> client.responses().retrieve(second.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> client.responses().create(ask(alias, "again").previousResponseId(second.id()).build()))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void anotherKeyNeverReadsAKeysResponses() throws Exception {
        Response mine = client.responses().create(ask("responses", "a private conversation").build());
        OpenAIClient other = clientWith(issueKey("responses-other"));

        assertThatThrownBy(() -> other.responses().retrieve(mine.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> other.responses().inputItems().list(mine.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> other.responses().create(ask("responses", "continue").previousResponseId(mine.id()).build()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> other.responses().delete(mine.id())).isInstanceOf(NotFoundException.class);
        assertThat(client.responses().retrieve(mine.id()).id()).as("still there for its owner").isEqualTo(mine.id());
    }

    @Test
    void geminiAndAzureDeploymentsAnswerThroughChatPlainAndStreamed() {
        for (String alias : List.of("gemini", "azure")) {
            assertThat(text(client.responses().create(ask(alias, QUESTION).build()))).as(alias).isEqualTo(ANSWER);
            StringBuilder deltas = new StringBuilder();
            try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(ask(alias, QUESTION).build())) {
                stream.stream().filter(ResponseStreamEvent::isOutputTextDelta)
                        .forEach(event -> deltas.append(event.asOutputTextDelta().delta()));
            }
            assertThat(deltas.toString()).as(alias).isEqualTo(ANSWER);
        }
        assertThat(sim.requests()).extracting(RecordedRequest::path).noneMatch(path -> path.endsWith("/responses"));
    }

    @Test
    void aRedactedTextReachesNeitherTheProviderNorTheStore() throws Exception {
        Response response = client.responses().create(ask("responses", "refund card 4111 1111 1111 1111 please").build());
        assertThat(onlyRequest().body()).doesNotContain("4111 1111 1111 1111").contains("[REDACTED:CREDIT_CARD]");
        String kept = client.responses().inputItems().list(response.id()).data().toString();
        assertThat(kept).doesNotContain("4111 1111 1111 1111").contains("[REDACTED:CREDIT_CARD]");
    }

    @Test
    void aJsonSchemaFormatReachesAnthropicAsAnInstruction() throws Exception {
        ResponseTextConfig format = ResponseTextConfig.builder().format(ResponseFormatTextJsonSchemaConfig.builder().name("city")
                .schema(ResponseFormatTextJsonSchemaConfig.Schema.builder().putAdditionalProperty("type", JsonValue.from("object")).build())
                .build()).build();
        Response response = client.responses().create(ask("responses-claude", QUESTION).text(format).build());
        assertThat(response.status()).isPresent();
        assertThat(JSON.readTree(onlyRequest().body()).path("system").toString()).contains("JSON");
    }

    @Test
    void badRequestsAreAnsweredInOpenAisShapeWithARequestId() throws Exception {
        OpenAIServiceException badItem = (OpenAIServiceException) org.assertj.core.api.Assertions.catchThrowable(() ->
                client.responses().create(ResponseCreateParams.builder().model("responses").inputOfResponse(List.of()).build()));
        assertThat(badItem).isInstanceOf(BadRequestException.class);
        assertThat(badItem.param()).hasValue("input");
        assertThat(badItem.headers().values("x-request-id")).hasSize(1);

        assertThatThrownBy(() -> clientWith("sk-not-a-key").responses().create(ask("responses", "x").build()))
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> client.responses().create(ask("no-such-alias", "x").build())).isInstanceOf(NotFoundException.class);

        HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(RelayIT.BASE + "/responses"))
                .header("Authorization", "Bearer " + RelayIT.KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"responses\",\"input\":[{\"type\":\"web_search_call\",\"id\":\"x\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(raw.body()).at("/error/code").asText()).isEqualTo("unsupported_input_item");
        assertThat(raw.headers().firstValue("x-request-id")).isPresent();
        assertThat(sim.requests()).as("nothing refused reaches a provider").isEmpty();
    }

    private static String issueKey(String keyId) throws Exception {
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + RelayIT.PORT + "/admin/keys")).header("Authorization", RelayIT.ADMIN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"key_id\":\"" + keyId + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).path("key").asText();
    }
}
