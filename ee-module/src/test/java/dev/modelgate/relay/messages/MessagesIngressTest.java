package dev.modelgate.relay.messages;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.policy.eval.PolicyEvaluator;
import dev.modelgate.policy.eval.Rejection;
import dev.modelgate.policy.request.Endpoint;
import dev.modelgate.policy.request.ParsedRequest;
import dev.modelgate.policy.request.RequestLimits;
import dev.modelgate.policy.request.RequestParser;
import dev.modelgate.policy.request.TextPart;
import dev.modelgate.relay.api.RelayEntry;
import dev.modelgate.relay.golden.Golden;
import jakarta.ws.rs.core.StreamingOutput;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resource's flow without a server: the relay is a function answering what the real relay answers
 * (status, headers, entity), so what reaches it and what the client gets back can both be checked.
 */
class MessagesIngressTest {

    private static final String HELLO = "{\"model\":\"chat\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private final ObjectMapper json = new ObjectMapper();
    private final List<String> authorizations = new ArrayList<>();
    private final List<String> bodies = new ArrayList<>();
    private final List<String> decisions = new ArrayList<>();
    private final List<ParsedRequest> parsed = new ArrayList<>();
    private RelayAnswer next;
    private PolicyEvaluator.Count nextCount;

    private MessagesIngress ingress(int maxBodyBytes) {
        return ingress(RequestLimits.withMaxBody(maxBodyBytes));
    }

    /** The relay's real request parser with these limits; the relay and the counter answer what the test sets. */
    private MessagesIngress ingress(RequestLimits limits) {
        return new MessagesIngress(json, new RequestParser(limits), (presented, request, clientFormat) -> {
            authorizations.add(presented.authorization());
            decisions.add(presented.decision() + " over " + new String(presented.body(), StandardCharsets.UTF_8));
            bodies.add(request.jsonCopy().toString());
            parsed.add(request);
            return next;
        }, (authorization, request, clientFormat) -> {
            authorizations.add(authorization);
            parsed.add(request);
            return new RelayEntry.TokenCount(nextCount.inputTokens(), nextCount.rejection(), RelayEntry.TokenCount.ESTIMATE);
        }, () -> "gen-local");
    }

    private static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anAnthropicKeyIsRelayedAsABearerTokenAndTheAnswerTranslatedWithModelgatesHeaders() {
        next = RelayAnswer.of(200, Map.of("x-modelgate-provider", "openai", "x-modelgate-model", "gpt-4o-mini-2024-07-18",
                "x-request-id", "gen-7d3f2a", "Content-Type", "application/json"),
                Golden.json("messages/answer/plain.openai.json").toString());
        Reply reply = ingress(1000).handle("sk-modelgate-key", null, null, body(HELLO));

        assertThat(authorizations).containsExactly("Bearer sk-modelgate-key");
        assertThat(bodies).singleElement().asString().contains("\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]");
        // Handed on parsed, as /v1/chat/completions hands its request on: what the policy reads is already there.
        assertThat(parsed).singleElement().satisfies(request -> {
            assertThat(request.endpoint()).isEqualTo(Endpoint.CHAT_COMPLETIONS);
            assertThat(request.model()).isEqualTo("chat");
            assertThat(request.maxOutputTokens()).isEqualTo(10);
            assertThat(request.messageCount()).isEqualTo(1);
            assertThat(request.texts()).extracting(TextPart::text).containsExactly("hi");
        });
        assertThat(reply.status()).isEqualTo(200);
        Golden.assertJson("messages/answer/plain.anthropic.json", reply.json());
        assertThat(reply.headers()).containsEntry("x-modelgate-provider", "openai")
                .containsEntry("x-modelgate-model", "gpt-4o-mini-2024-07-18")
                .containsEntry("x-request-id", "gen-7d3f2a")
                .containsEntry("request-id", "gen-7d3f2a")
                .doesNotContainKey("content-type");
    }

    @Test
    void anAuthorizationHeaderIsPassedAsItIsWhenNoXApiKeyIsSent() {
        next = RelayAnswer.of(401, Map.of(), "{\"error\":{\"message\":\"Incorrect API key provided.\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\",\"param\":null}}");
        Reply reply = ingress(1000).handle(null, "Bearer sk-wrong", null, body(HELLO));
        assertThat(authorizations).containsExactly("Bearer sk-wrong");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().toString()).isEqualTo(
                "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"Incorrect API key provided.\"},"
                        + "\"request_id\":\"gen-local\"}");
        // A refusal before any generation began still carries a request id, in both headers Anthropic clients read.
        assertThat(reply.headers()).containsEntry("request-id", "gen-local").containsEntry("x-request-id", "gen-local");
    }

    @Test
    void aRateLimitKeepsItsStatusAndRetryAfter() {
        next = RelayAnswer.of(429, Map.of("Retry-After", "7"),
                "{\"error\":{\"message\":\"Rate limit of 60 requests per minute reached.\",\"type\":\"rate_limit_error\",\"code\":\"rate_limited\",\"param\":null}}");
        Reply reply = ingress(1000).handle("k", null, null, body(HELLO));
        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.headers()).containsEntry("retry-after", "7");
        assertThat(reply.json().at("/error/type").asText()).isEqualTo("rate_limit_error");
        assertThat(reply.json().at("/error/message").asText()).isEqualTo("Rate limit of 60 requests per minute reached.");
    }

    /** Behind a gateway there is no key: the node's decision and the client's own bytes, which it covers, go to the relay. */
    @Test
    void aGatewayDecisionIsHandedToTheRelayWithTheClientsOwnBytes() {
        next = RelayAnswer.of(200, Map.of("x-request-id", "mg-1"), Golden.json("messages/answer/plain.openai.json").toString());
        String spaced = HELLO.replace(",", ", ");
        Reply reply = ingress(1000).handle(null, null, "v1.it.e30.sig", body(spaced));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(authorizations).containsExactly((String) null);
        assertThat(decisions).containsExactly("v1.it.e30.sig over " + spaced);
        assertThat(parsed).singleElement().satisfies(request -> assertThat(request.endpoint()).isEqualTo(Endpoint.CHAT_COMPLETIONS));
    }

    @Test
    void refusalsBeforeTheRelayNeverReachIt() {
        Reply missingKey = ingress(1000).handle(null, null, null, body(HELLO));
        assertThat(missingKey.status()).isEqualTo(401);
        assertThat(missingKey.json().at("/error/type").asText()).isEqualTo("authentication_error");
        assertThat(missingKey.json().at("/error/message").asText()).contains("x-api-key");

        Reply tooLarge = ingress(HELLO.length() - 1).handle("k", null, null, body(HELLO));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.json().at("/error/type").asText()).isEqualTo("request_too_large");

        Reply malformed = ingress(1000).handle("k", null, null, body("{\"model\":\"chat\",\"messages\":[]}"));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().toString()).isEqualTo(
                "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"max_tokens: Field required\"},"
                        + "\"request_id\":\"gen-local\"}");
        assertThat(malformed.headers()).containsEntry("request-id", "gen-local").containsEntry("x-request-id", "gen-local");

        assertThat(authorizations).isEmpty();
    }

    /**
     * The relay's parser reads the client's bytes and checks the translation, so its refusals keep the status
     * they had when the translation was written out and parsed again, in Anthropic's shape.
     */
    @Test
    void theRelaysBodyChecksAnswerInAnthropicsShapeBeforeTheRelay() {
        Reply notJson = ingress(1000).handle("k", null, null, body("{\"model\":\"chat\",\"max_tokens\":10,\"messages\":["));
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().path("type").asText()).isEqualTo("error");
        assertThat(notJson.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(notJson.json().at("/error/message").asText()).startsWith("The request body is not valid JSON");

        Reply notAnObject = ingress(1000).handle("k", null, null, body("[1,2]"));
        assertThat(notAnObject.status()).isEqualTo(400);
        assertThat(notAnObject.json().at("/error/type").asText()).isEqualTo("invalid_request_error");

        RequestLimits small = new RequestLimits(10_000, 64, 2, 40);
        Reply longString = ingress(small).handle("k", null, null,
                body("{\"model\":\"chat\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(41) + "\"}]}"));
        assertThat(longString.status()).isEqualTo(413);
        assertThat(longString.json().at("/error/type").asText()).isEqualTo("request_too_large");
        assertThat(longString.json().at("/error/message").asText()).contains("longer than 40 characters");

        // Within the limit as the client wrote it, beyond it once translated: the tool input becomes one string.
        Reply longArguments = ingress(small).handle("k", null, null, body("""
                {"model":"chat","max_tokens":10,"messages":[
                  {"role":"user","content":"go"},
                  {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f",
                    "input":{"a":"0123456789","b":"0123456789","c":"0123456789"}}]}]}"""));
        assertThat(longArguments.status()).isEqualTo(413);
        assertThat(longArguments.json().at("/error/type").asText()).isEqualTo("request_too_large");

        // Three messages once the system prompt is one: beyond this policy's two.
        Reply tooMany = ingress(small).handle("k", null, null, body(
                "{\"model\":\"chat\",\"max_tokens\":10,\"system\":\"s\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},"
                        + "{\"role\":\"assistant\",\"content\":\"b\"}]}"));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().at("/error/message").asText()).contains("'messages' has more than 2 items");

        Reply duplicate = ingress(1000).handle("k", null, null,
                body("{\"model\":\"chat\",\"model\":\"other\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.json().at("/error/message").asText()).contains("duplicated key");

        assertThat(authorizations).isEmpty();
    }

    @Test
    void aCountIsTheRelaysEstimateInAnthropicsShape() {
        nextCount = new PolicyEvaluator.Count(42, null);
        Reply counted = ingress(1000).count("sk-modelgate-key", null, null,
                body("{\"model\":\"chat\",\"system\":\"Be brief.\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        assertThat(counted.status()).isEqualTo(200);
        assertThat(counted.json().toString()).isEqualTo("{\"input_tokens\":42}");
        assertThat(authorizations).containsExactly("Bearer sk-modelgate-key");
        assertThat(parsed).singleElement().satisfies(request -> {
            assertThat(request.texts()).extracting(TextPart::text).containsExactly("Be brief.", "hi");
            assertThat(request.stream()).isFalse();
        });
        assertThat(bodies).as("nothing relayed").isEmpty();
    }

    @Test
    void aCountIsRefusedAsAMessageIs() {
        nextCount = new PolicyEvaluator.Count(0, new Rejection(404, "invalid_request_error", "model_not_found",
                "The model 'claude-x' does not exist. Available: chat.", "model", null));
        Reply unknown = ingress(1000).count("k", null, null,
                body("{\"model\":\"claude-x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().toString()).isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\","
                + "\"message\":\"The model 'claude-x' does not exist. Available: chat.\"},\"request_id\":\"gen-local\"}");

        nextCount = new PolicyEvaluator.Count(0, Rejection.of(401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided."));
        Reply wrongKey = ingress(1000).count("sk-wrong", null, null, body(HELLO));
        assertThat(wrongKey.status()).isEqualTo(401);
        assertThat(wrongKey.json().at("/error/type").asText()).isEqualTo("authentication_error");

        authorizations.clear();
        assertThat(ingress(1000).count(null, null, null, body(HELLO)).status()).isEqualTo(401);
        assertThat(ingress(HELLO.length() - 1).count("k", null, null, body(HELLO)).status()).isEqualTo(413);
        assertThat(ingress(1000).count("k", null, "v1.it.e30.sig", body(HELLO)).status()).isEqualTo(400);
        Reply malformed = ingress(1000).count("k", null, null, body("{\"model\":\"chat\",\"messages\":[{\"role\":\"system\",\"content\":\"hi\"}]}"));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().at("/error/message").asText()).isEqualTo("messages.0.role: Input should be 'user' or 'assistant'");
        assertThat(authorizations).isEmpty();
    }

    @Test
    void aBodyExactlyAtTheLimitIsAccepted() {
        next = RelayAnswer.of(200, Map.of(), Golden.json("messages/answer/plain.openai.json").toString());
        assertThat(ingress(HELLO.length()).handle("k", null, null, body(HELLO)).status()).isEqualTo(200);
    }

    @Test
    void anUnreadableRelayAnswerIsA502InAnthropicsShape() {
        next = RelayAnswer.of(200, Map.of(), "not json");
        Reply reply = ingress(1000).handle("k", null, null, body(HELLO));
        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.json().at("/error/type").asText()).isEqualTo("api_error");
    }

    @Test
    void aStreamIsTranslatedWhileTheRelayWritesIt() throws IOException {
        String openAi = Golden.text("messages/stream/text.openai.sse");
        StreamingOutput relayStream = out -> {
            out.write(openAi.getBytes(StandardCharsets.UTF_8));
            out.flush();
        };
        next = RelayAnswer.of(200, Map.of("x-request-id", "gen-stream-1", "x-modelgate-model", "gpt-4o-mini"), relayStream);
        Reply reply = ingress(10_000).handle("k", null, null,
                body("{\"model\":\"chat\",\"max_tokens\":10,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));

        assertThat(bodies).singleElement().asString().contains("\"stream\":true", "\"include_usage\":true");
        assertThat(reply.stream()).isNotNull();
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        reply.stream().write(client);
        Golden.assertSse("messages/stream/text.anthropic.sse", client.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aRelayStreamThatThrowsStillEndsWithAnErrorEvent() {
        StreamingOutput relayStream = out -> {
            out.write("data: {\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\n".getBytes(StandardCharsets.UTF_8));
            throw new IllegalStateException("relay bug");
        };
        next = RelayAnswer.of(200, Map.of("x-request-id", "gen-1"), relayStream);
        Reply reply = ingress(10_000).handle("k", null, null, body(HELLO));
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        try {
            reply.stream().write(client);
        } catch (IOException | RuntimeException expected) {
            // the container logs it; the client must still have been told
        }
        assertThat(client.toString(StandardCharsets.UTF_8)).contains("event: error").doesNotContain("message_stop");
    }

    @Test
    void theKeyIsTakenFromXApiKeyBeforeAuthorization() {
        assertThat(MessagesIngress.bearer("sk-a ", "Bearer sk-b")).isEqualTo("Bearer sk-a");
        assertThat(MessagesIngress.bearer("", "Bearer sk-b")).isEqualTo("Bearer sk-b");
        assertThat(MessagesIngress.bearer(null, " ")).isNull();
    }
}
