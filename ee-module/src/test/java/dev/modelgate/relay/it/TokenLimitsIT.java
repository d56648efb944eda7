package dev.modelgate.relay.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token limits on the real relay: a request longer than a deployment's context window is routed past it to
 * one large enough, and refused with OpenAI's 400 {@code context_length_exceeded} (Anthropic's shape on
 * {@code /v1/messages}) when none is; the max output tokens the budget reservation was priced for always goes
 * upstream, and a provider that answers longer anyway (the simulator's OpenAI dialect ignores the limit, as
 * some OpenAI-compatible servers do) is recorded as having overshot it.
 */
class TokenLimitsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SimulatedProvider sim;

    @BeforeAll
    static void start() {
        sim = SharedSimulator.get();
    }

    @BeforeEach
    void reset() {
        sim.clear();
    }

    private static HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RelayIT.PORT + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> chat(String body) throws Exception {
        return post("/v1/chat/completions", body, "Authorization", "Bearer " + RelayIT.KEY);
    }

    private static JsonNode sent(String model) throws Exception {
        RecordedRequest request = sim.requests().stream().filter(r -> r.body().contains("\"" + model + "\"")).findFirst().orElseThrow();
        return JSON.readTree(request.body());
    }

    @Test
    void aRequestTooLongForTheSmallContextWindowIsServedByTheLargerOne() throws Exception {
        String prompt = "word ".repeat(200).trim();
        HttpResponse<String> answer = chat("{\"model\":\"ctx\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("x-modelgate-model")).hasValue("sim-ctx-large");
        assertThat(sim.requests()).as("the small deployment is never called").allSatisfy(r -> assertThat(r.body()).doesNotContain("sim-ctx-small"));
    }

    @Test
    void aRequestTooLongForEveryDeploymentIsA400InOpenAisShape() throws Exception {
        HttpResponse<String> answer = chat("{\"model\":\"ctx\",\"max_tokens\":5000,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
        assertThat(answer.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(answer.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("context_length_exceeded");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").asText()).isEqualTo("messages");
        assertThat(error.path("message").asText()).contains("maximum context length is 3000 tokens");
        assertThat(sim.requests()).isEmpty();
    }

    @Test
    void onTheMessagesEndpointTheSame400ComesInAnthropicsShape() throws Exception {
        HttpResponse<String> answer = post("/v1/messages", "{\"model\":\"ctx\",\"max_tokens\":5000,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}",
                "x-api-key", RelayIT.KEY, "anthropic-version", "2023-06-01");
        assertThat(answer.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(body.path("error").path("message").asText()).contains("maximum context length is 3000 tokens");
    }

    @Test
    void theReservedMaxTokensAlwaysGoesUpstream() throws Exception {
        assertThat(chat("{\"model\":\"outcap\",\"messages\":[{\"role\":\"user\",\"content\":\"no limit given\"}]}").statusCode()).isEqualTo(200);
        JsonNode unset = sent("sim-outcap");
        assertThat(unset.path("max_completion_tokens").asInt()).as("the default the reservation was priced for").isEqualTo(1024);
        assertThat(unset.has("max_tokens")).isFalse();

        sim.clear();
        assertThat(chat("{\"model\":\"outcap\",\"max_tokens\":300,\"messages\":[{\"role\":\"user\",\"content\":\"older field\"}]}").statusCode()).isEqualTo(200);
        JsonNode old = sent("sim-outcap");
        assertThat(old.path("max_tokens").asInt()).isEqualTo(300);
        assertThat(old.has("max_completion_tokens")).as("the client's own field, not a second one").isFalse();
    }

    @Test
    void aProviderThatAnswersLongerThanMaxTokensIsRecordedAsOvershooting() throws Exception {
        HttpResponse<String> answer = chat("{\"model\":\"outcap\",\"max_tokens\":2,\"messages\":[{\"role\":\"user\",\"content\":\"please answer at length\"}]}");
        assertThat(answer.statusCode()).isEqualTo(200);
        long completion = JSON.readTree(answer.body()).path("usage").path("completion_tokens").asLong();
        assertThat(completion).as("the simulator ignored the limit").isGreaterThan(2);
        String id = answer.headers().firstValue("x-request-id").orElseThrow();

        HttpResponse<String> record = HTTP.send(HttpRequest.newBuilder(URI.create(RelayIT.BASE + "/generations/" + id))
                .header("Authorization", "Bearer " + RelayIT.KEY).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode data = JSON.readTree(record.body()).path("data");
        assertThat(data.path("outcome").asText()).isEqualTo("ok, " + (completion - 2) + " output tokens over max_tokens 2");
        assertThat(data.path("tokens_completion").asLong()).as("billed as used").isEqualTo(completion);

        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RelayIT.PORT + "/metrics?scope=application")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).containsPattern("modelgate_output_overshoot_tokens_total\\{[^}]*alias=\"outcap\"[^}]*} [1-9]");
    }
}
