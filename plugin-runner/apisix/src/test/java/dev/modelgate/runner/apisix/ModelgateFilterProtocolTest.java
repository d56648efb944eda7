package dev.modelgate.runner.apisix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.policy.decision.DecisionSigner;
import dev.modelgate.policy.decision.RoutingDecision;
import dev.modelgate.runner.apisix.harness.A6Answer;
import dev.modelgate.runner.apisix.harness.A6Request;
import dev.modelgate.runner.apisix.harness.ApisixHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The modelgate filter driven over the runner's real Unix socket, playing APISIX. */
@Timeout(30)
class ModelgateFilterProtocolTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final DecisionSigner RELAY = new DecisionSigner(Map.of("k1", TestRunner.HMAC_SECRET), "k1");

    static Path socket;
    static long token;

    @BeforeAll
    static void start() throws Exception {
        socket = TestRunner.socket();
        token = ApisixHarness.prepareConf(socket, TestRunner.conf(TestRunner.policyCopy("protocol")));
    }

    static String chat(String model, String content) {
        try {
            return JSON.writeValueAsString(Map.of("model", model, "messages",
                    java.util.List.of(Map.of("role", "user", "content", content))));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String messages(String model, String content) throws Exception {
        return JSON.writeValueAsString(Map.of("model", model, "max_tokens", 256, "messages",
                java.util.List.of(Map.of("role", "user", "content", java.util.List.of(Map.of("type", "text", "text", content,
                        "cache_control", Map.of("type", "ephemeral")))))));
    }

    static String responses(String model, String toolOutput) throws Exception {
        return JSON.writeValueAsString(Map.of("model", model, "instructions", "You are a coding agent.", "input",
                java.util.List.of(Map.of("role", "user", "content", "run the tests"),
                        Map.of("type", "function_call", "call_id", "c1", "name", "shell", "arguments", "{}"),
                        Map.of("type", "function_call_output", "call_id", "c1", "output", toolOutput))));
    }

    static A6Answer call(A6Request request) throws Exception {
        try (ApisixHarness apisix = new ApisixHarness(socket)) {
            return apisix.call(request);
        }
    }

    static RoutingDecision decisionOf(A6Answer answer) throws Exception {
        assertThat(answer.action()).as("answer %s %s", answer.status(), answer.bodyText()).isEqualTo("rewrite");
        return RELAY.verify(answer.headers().get(DecisionSigner.HEADER), Instant.now());
    }

    static JsonNode errorOf(A6Answer answer, int status) throws Exception {
        assertThat(answer.action()).isEqualTo("stop");
        assertThat(answer.status()).as(answer.bodyText()).isEqualTo(status);
        assertThat(answer.headers()).containsEntry("content-type", "application/json").containsKey(DecisionSigner.REQUEST_ID_HEADER);
        JsonNode error = JSON.readTree(answer.body()).path("error");
        assertThat(error.path("message").asText()).isNotBlank();
        return error;
    }

    @Test
    void admitsWithASignedDecisionAndStripsClientModelgateHeaders() throws Exception {
        String body = chat("chat", "Summarise the quarterly numbers.");
        A6Answer answer = call(A6Request.chat(token, "search-app", body)
                .header("x-modelgate-decision", "v1.k1.forged.sig").header("x-modelgate-provider", "cheapest"));

        RoutingDecision decision = decisionOf(answer);
        assertThat(decision.team()).isEqualTo("search");
        assertThat(decision.alias()).isEqualTo("chat");
        assertThat(decision.candidates()).containsExactly("sim/sim-chat");
        assertThat(decision.redactedBy()).isEmpty();
        assertThat(decision.bodySha256()).isEqualTo(DecisionSigner.sha256(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(decision.requestId()).isEqualTo(answer.headers().get(DecisionSigner.REQUEST_ID_HEADER));
        assertThat(answer.headers()).containsEntry("x-modelgate-provider", null);
        assertThat(answer.extraInfoAsked()).as("consumer var and body, one round trip each").isEqualTo(2);
    }

    /** The runner serves its decision times for Prometheus on the address it was given. */
    @Test
    void theRunnerExportsItsDecisionTimeForPrometheus() throws Exception {
        decisionOf(call(A6Request.chat(token, "search-app", chat("chat", "Count me."))));
        String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + TestRunner.metricsPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(scrape).containsPattern("modelgate_edge_decision_duration_seconds_count\\{endpoint=\"chat_completions\",outcome=\"forwarded\"\\} [1-9]");
    }

    @Test
    void aMessagesRequestIsDecidedAsTheChatItMeansAndSignedOverTheClientsBytes() throws Exception {
        String body = messages("chat", "Refactor the parser, keep the tests green.");
        A6Answer answer = call(A6Request.messages(token, "search-app", body).header("x-modelgate-provider", "cheapest"));

        RoutingDecision decision = decisionOf(answer);
        assertThat(decision.team()).isEqualTo("search");
        assertThat(decision.alias()).isEqualTo("chat");
        assertThat(decision.candidates()).containsExactly("sim/sim-chat");
        assertThat(decision.bodySha256()).as("the client's Anthropic bytes").isEqualTo(DecisionSigner.sha256(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(answer.headers()).containsEntry("x-modelgate-provider", null);
    }

    @Test
    void aSecretInAMessagesRequestIsStoppedInAnthropicsErrorShape() throws Exception {
        A6Answer answer = call(A6Request.messages(token, "search-app", messages("chat", "deploy with AKIA4N7QZRWX3KDP6TLB please")));
        assertThat(answer.action()).isEqualTo("stop");
        assertThat(answer.status()).isEqualTo(403);
        JsonNode error = JSON.readTree(answer.body());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.at("/error/type").asText()).isEqualTo("permission_error");
        assertThat(error.at("/error/message").asText()).contains("no-secrets");
        assertThat(error.path("request_id").asText()).isEqualTo(answer.headers().get(DecisionSigner.REQUEST_ID_HEADER))
                .isEqualTo(answer.headers().get("request-id"));
        assertThat(answer.bodyText()).doesNotContain("AKIA4N7QZRWX3KDP6TLB");
    }

    @Test
    void aResponsesRequestIsDecidedAndSignedOverTheClientsBytes() throws Exception {
        String body = responses("chat", "BUILD SUCCESS");
        RoutingDecision decision = decisionOf(call(A6Request.responses(token, "search-app", body)));
        assertThat(decision.team()).isEqualTo("search");
        assertThat(decision.alias()).isEqualTo("chat");
        assertThat(decision.bodySha256()).isEqualTo(DecisionSigner.sha256(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aSecretInAResponsesRequestIsStoppedInOpenAisErrorShape() throws Exception {
        JsonNode error = errorOf(call(A6Request.responses(token, "search-app", responses("chat", "key AKIA4N7QZRWX3KDP6TLB"))), 403);
        assertThat(error.path("code").asText()).isEqualTo("guardrail_denied");
        assertThat(error.toString()).contains("no-secrets").doesNotContain("AKIA4N7QZRWX3KDP6TLB");
    }

    @Test
    void everyRejectionIsAnOpenAiErrorWithItsStatus() throws Exception {
        assertThat(errorOf(call(A6Request.chat(token, null, chat("chat", "hi"))), 401).path("code").asText())
                .isEqualTo("missing_identity");
        assertThat(errorOf(call(A6Request.chat(token, "stranger", chat("chat", "hi"))), 403).path("code").asText())
                .isEqualTo("unknown_team");
        JsonNode unknown = errorOf(call(A6Request.chat(token, "search-app", chat("gpt-9", "hi"))), 404);
        assertThat(unknown.path("code").asText()).isEqualTo("model_not_found");
        assertThat(unknown.path("param").asText()).isEqualTo("model");
        assertThat(errorOf(call(A6Request.chat(token, "support-bot", chat("premium", "hi"))), 403).path("code").asText())
                .isEqualTo("model_not_allowed");
        JsonNode secret = errorOf(call(A6Request.chat(token, "search-app",
                chat("chat", "deploy with AKIA4N7QZRWX3KDP6TLB please"))), 403);
        assertThat(secret.toString()).contains("no-secrets").doesNotContain("AKIA4N7QZRWX3KDP6TLB");
        String tagged = "{\"model\":\"premium\",\"metadata\":{\"batch\":\"nightly\"},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        assertThat(errorOf(call(A6Request.chat(token, "search-app", tagged)), 403).path("code").asText())
                .isEqualTo("denied_by_rule");
        assertThat(errorOf(call(A6Request.chat(token, "search-app", "{\"model\": \"chat\", \"messages\": [")), 400)
                .path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(errorOf(call(A6Request.chat(token, "search-app", "not json at all")), 400).path("code").asText())
                .isNotBlank();
        assertThat(errorOf(call(A6Request.chat(token, "search-app", chat("chat", "x")).path("/v1/admin/secrets")), 404)
                .path("code").asText()).isEqualTo("unknown_url");
    }

    @Test
    void rateLimitAnswers429WithRetryAfter() throws Exception {
        for (int i = 0; i < 2; i++) {
            decisionOf(call(A6Request.chat(token, "tiny-app", chat("chat", "ping " + i))));
        }
        A6Answer third = call(A6Request.chat(token, "tiny-app", chat("chat", "ping 3")));
        JsonNode error = errorOf(third, 429);
        assertThat(error.path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(Long.parseLong(third.headers().get("retry-after"))).isBetween(1L, 60L);
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        String big = chat("chat", "a".repeat(1_600_000));
        assertThat(errorOf(call(A6Request.chat(token, "search-app", big)), 413).path("type").asText())
                .isEqualTo("invalid_request_error");
    }

    @Test
    void oneMegabyteBodyPasses() throws Exception {
        String big = chat("chat", "lorem ipsum ".repeat(90_000));
        assertThat(big.length()).isGreaterThan(1_000_000);
        RoutingDecision decision = decisionOf(call(A6Request.chat(token, "search-app", big)));
        assertThat(decision.bodySha256()).isEqualTo(DecisionSigner.sha256(big.getBytes(StandardCharsets.UTF_8)));
        assertThat(decision.inputTokens()).isGreaterThan(100_000);
    }

    @Test
    void nonAsciiPromptsReachTheEvaluatorByteForByte() throws Exception {
        String prompt = "请总结这份报告 — لخص هذا التقرير 🚀👩🏽‍💻 and reply to zoë.müller@example.com";
        String body = chat("chat", prompt);
        RoutingDecision decision = decisionOf(call(A6Request.chat(token, "support-bot", body)));
        assertThat(decision.bodySha256()).as("the exact UTF-8 bytes were evaluated and bound")
                .isEqualTo(DecisionSigner.sha256(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(decision.redactedBy()).as("the e-mail inside non-ASCII text was found").containsExactly("emails-redacted");

        A6Answer secret = call(A6Request.chat(token, "support-bot", chat("chat", "密钥是 AKIA4N7QZRWX3KDP6TLB 🚀")));
        assertThat(errorOf(secret, 403).toString()).contains("no-secrets");
    }
}
