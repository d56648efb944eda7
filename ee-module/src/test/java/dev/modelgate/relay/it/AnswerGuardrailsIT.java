package dev.modelgate.relay.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guardrails on answers, through the real relay and the simulated provider (whose answer repeats the start of
 * the prompt, streamed in four pieces): it-policy.yaml redacts email addresses in answers of alias
 * {@code screened} and stops every answer of alias {@code blocked}; neither reads the request.
 */
class AnswerGuardrailsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String MAIL = "ann.lee@acme-mail.io";

    @BeforeAll
    static void provider() throws Exception {
        SharedSimulator.get();
    }

    private static HttpResponse<String> chat(String model, boolean stream, String content) throws Exception {
        String body = "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RelayIT.PORT + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + RelayIT.KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The stream's chunks, in order, without the final [DONE]. */
    private static List<JsonNode> chunks(String sse) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                out.add(JSON.readTree(line.substring(6)));
            }
        }
        assertThat(sse.trim()).endsWith("data: [DONE]");
        return out;
    }

    private static String text(List<JsonNode> chunks) {
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> c.path("choices").forEach(choice -> text.append(choice.path("delta").path("content").asText(""))));
        return text.toString();
    }

    @Test
    void anAddressInAnAnswerIsRedactedWholeOrStreamed() throws Exception {
        HttpResponse<String> whole = chat("screened", false, "write to " + MAIL + " today");
        assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
        JsonNode message = JSON.readTree(whole.body()).path("choices").get(0).path("message");
        assertThat(message.path("content").asText()).isEqualTo("Simulated answer to: write to [REDACTED:EMAIL] today");
        assertThat(whole.headers().firstValue("x-modelgate-guardrails")).hasValue("mail-out-redacted");

        HttpResponse<String> streamed = chat("screened", true, "write to " + MAIL + " today");
        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(streamed.body()).doesNotContain("acme-mail");
        List<JsonNode> chunks = chunks(streamed.body());
        assertThat(text(chunks)).isEqualTo("Simulated answer to: write to [REDACTED:EMAIL] today");
        assertThat(chunks).anySatisfy(c -> assertThat(c.path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop"));
    }

    @Test
    void anAnswerWithNothingToRedactIsUnchanged() throws Exception {
        HttpResponse<String> whole = chat("screened", false, "hello there");
        assertThat(JSON.readTree(whole.body()).path("choices").get(0).path("message").path("content").asText())
                .isEqualTo("Simulated answer to: hello there");
        assertThat(whole.headers().firstValue("x-modelgate-guardrails")).isEmpty();
        assertThat(text(chunks(chat("screened", true, "hello there").body()))).isEqualTo("Simulated answer to: hello there");
    }

    private static HttpResponse<String> messages(String model, boolean stream, String content) throws Exception {
        String body = "{\"model\":\"" + model + "\",\"max_tokens\":256,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RelayIT.PORT + "/v1/messages"))
                .header("x-api-key", RelayIT.KEY).header("anthropic-version", "2023-06-01").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The data of each event of an Anthropic stream, in order. */
    private static List<JsonNode> events(String sse) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: ")) {
                out.add(JSON.readTree(line.substring(6)));
            }
        }
        return out;
    }

    private static String streamedText(List<JsonNode> events) {
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> e.at("/delta/type").asText().equals("text_delta")).forEach(e -> text.append(e.at("/delta/text").asText()));
        return text.toString();
    }

    /** An Anthropic deployment's own answer, passed through to /v1/messages, is screened the same way. */
    @Test
    void anAnthropicAnswerPassedThroughIsRedactedWholeOrStreamed() throws Exception {
        HttpResponse<String> whole = messages("screened-claude", false, "write to " + MAIL + " today");
        assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
        assertThat(whole.headers().firstValue("x-modelgate-wire")).hasValue("anthropic");
        JsonNode message = JSON.readTree(whole.body());
        assertThat(message.at("/content/0/text").asText()).isEqualTo("Simulated answer to: write to [REDACTED:EMAIL] today");
        assertThat(message.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(whole.headers().firstValue("x-modelgate-guardrails")).hasValue("mail-out-redacted");

        HttpResponse<String> streamed = messages("screened-claude", true, "write to " + MAIL + " today");
        assertThat(streamed.body()).doesNotContain("acme-mail");
        List<JsonNode> events = events(streamed.body());
        assertThat(streamedText(events)).isEqualTo("Simulated answer to: write to [REDACTED:EMAIL] today");
        assertThat(events.get(events.size() - 1).path("type").asText()).isEqualTo("message_stop");
    }

    @Test
    void aDenyingGuardrailEndsAnAnthropicAnswerAsARefusal() throws Exception {
        HttpResponse<String> whole = messages("blocked-claude", false, "anything");
        assertThat(whole.statusCode()).isEqualTo(200);
        JsonNode message = JSON.readTree(whole.body());
        assertThat(message.path("stop_reason").asText()).isEqualTo("refusal");
        assertThat(whole.body()).doesNotContainIgnoringCase("simulated answer");
        assertThat(message.at("/usage/output_tokens").asInt()).as("billed as the provider answered").isPositive();

        HttpResponse<String> streamed = messages("blocked-claude", true, "anything");
        assertThat(streamed.body()).doesNotContainIgnoringCase("simulated answer");
        List<JsonNode> events = events(streamed.body());
        assertThat(events).anySatisfy(e -> assertThat(e.at("/delta/stop_reason").asText()).isEqualTo("refusal"));
        assertThat(events).noneSatisfy(e -> assertThat(e.at("/delta/stop_reason").asText()).isEqualTo("end_turn"));
        assertThat(events.get(events.size() - 1).path("type").asText()).isEqualTo("message_stop");
    }

    @Test
    void aDenyingGuardrailEndsTheAnswerLikeAContentFilter() throws Exception {
        HttpResponse<String> whole = chat("blocked", false, "anything");
        assertThat(whole.statusCode()).as("the call was made and is billed: the answer is withheld, not failed").isEqualTo(200);
        JsonNode choice = JSON.readTree(whole.body()).path("choices").get(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("content_filter");
        assertThat(choice.path("message").path("content").asText()).isEmpty();
        assertThat(JSON.readTree(whole.body()).path("usage").path("total_tokens").asInt()).isPositive();

        HttpResponse<String> streamed = chat("blocked", true, "anything");
        assertThat(streamed.body()).doesNotContainIgnoringCase("simulated answer");
        List<JsonNode> chunks = chunks(streamed.body());
        assertThat(chunks).anySatisfy(c -> assertThat(c.path("choices").path(0).path("finish_reason").asText()).isEqualTo("content_filter"));
        assertThat(chunks).noneSatisfy(c -> assertThat(c.path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop"));
    }
}
