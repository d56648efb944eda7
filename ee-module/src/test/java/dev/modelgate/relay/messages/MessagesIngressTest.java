package dev.modelgate.relay.messages;

import com.fasterxml.jackson.databind.ObjectMapper;
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
    private RelayAnswer next;

    private MessagesIngress ingress(int maxBodyBytes) {
        return new MessagesIngress(json, maxBodyBytes, (authorization, body) -> {
            authorizations.add(authorization);
            bodies.add(new String(body, StandardCharsets.UTF_8));
            return next;
        });
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
                "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"Incorrect API key provided.\"}}");
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

    @Test
    void refusalsBeforeTheRelayNeverReachIt() {
        Reply missingKey = ingress(1000).handle(null, null, null, body(HELLO));
        assertThat(missingKey.status()).isEqualTo(401);
        assertThat(missingKey.json().at("/error/type").asText()).isEqualTo("authentication_error");
        assertThat(missingKey.json().at("/error/message").asText()).contains("x-api-key");

        Reply decided = ingress(1000).handle("k", null, "v1.it.e30.sig", body(HELLO));
        assertThat(decided.status()).isEqualTo(400);
        assertThat(decided.json().at("/error/message").asText()).contains("standalone mode only");

        Reply tooLarge = ingress(HELLO.length() - 1).handle("k", null, null, body(HELLO));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.json().at("/error/type").asText()).isEqualTo("request_too_large");

        Reply malformed = ingress(1000).handle("k", null, null, body("{\"model\":\"chat\",\"messages\":[]}"));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().toString()).isEqualTo(
                "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"max_tokens: Field required\"}}");

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
