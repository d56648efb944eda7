package dev.modelgate.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.policy.decision.DecisionSigner;
import dev.modelgate.policy.decision.RoutingDecision;
import dev.modelgate.edge.policy.PolicyWatcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anthropic's {@code /v1/messages} at the edge: decided as the chat request it means, signed over the client's
 * own bytes, refused in Anthropic's error shape with the request id, and redacted in the client's format on a
 * host that rewrites bodies.
 */
class EdgeMessagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static PolicyWatcher policies;

    @BeforeAll
    static void watch() {
        policies = EdgeGateTest.failOpenPolicies();
    }

    @AfterAll
    static void stop() {
        policies.close();
    }

    private static EdgeGate gate(boolean hostRewritesBody) {
        return EdgeGateTest.gate(policies, hostRewritesBody);
    }

    private static EdgeRequest messages(String path, String body) {
        // Behind the gateway the key came in x-api-key, as Anthropic's SDKs send it; the gateway's key-auth took it.
        return new EdgeRequest("support-bot", path, Map.of("content-type", "application/json", "x-api-key", "sk-ant-client",
                "anthropic-version", "2023-06-01"), body.getBytes(StandardCharsets.UTF_8));
    }

    private static EdgeRequest messages(String body) {
        return messages("/v1/messages", body);
    }

    @Test
    void aMessagesRequestIsDecidedAsTheChatItMeansAndSignedOverTheClientsOwnBytes() throws Exception {
        EdgeRequest request = messages("""
                {"model":"chat","max_tokens":64,"system":[{"type":"text","text":"You are terse.","cache_control":{"type":"ephemeral"}}],
                 "messages":[{"role":"user","content":[{"type":"text","text":"list the files"}]}],
                 "tools":[{"name":"ls","description":"lists files","input_schema":{"type":"object"}}]}""");
        EdgeOutcome outcome = gate(false).handle(EdgeGateTest.settings(), request);

        assertThat(outcome).isInstanceOf(EdgeOutcome.Forward.class);
        EdgeOutcome.Forward forward = (EdgeOutcome.Forward) outcome;
        assertThat(forward.newBody()).isNull();
        RoutingDecision decision = EdgeGateTest.RELAY.verify(forward.setHeaders().get(DecisionSigner.HEADER), Instant.now());
        assertThat(decision.bodySha256()).as("the client's Anthropic bytes, not the translation").isEqualTo(DecisionSigner.sha256(request.body()));
        assertThat(decision.team()).isEqualTo("support");
        assertThat(decision.alias()).isEqualTo("chat");
        assertThat(decision.candidates()).containsExactly("sim/sim-chat");
        assertThat(decision.inputTokens()).as("the system text, the message and the tool are counted").isGreaterThan(5);
        assertThat(decision.redactedBy()).isEmpty();
        assertThat(forward.setHeaders()).containsEntry(DecisionSigner.REQUEST_ID_HEADER, decision.requestId());
    }

    @Test
    void aSecretInAMessagesRequestIsStoppedAtTheEdgeInAnthropicsShape() throws Exception {
        EdgeOutcome outcome = gate(false).handle(EdgeGateTest.settings(), messages("""
                {"model":"chat","max_tokens":64,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1",
                 "content":"AWS_ACCESS_KEY_ID=AKIA4N7QZRWX3KDP6TLB"}]}]}"""));

        assertThat(outcome).isInstanceOf(EdgeOutcome.Reject.class);
        EdgeOutcome.Reject reject = (EdgeOutcome.Reject) outcome;
        assertThat(reject.status()).isEqualTo(403);
        JsonNode body = JSON.readTree(reject.body());
        String requestId = reject.headers().get(DecisionSigner.REQUEST_ID_HEADER);
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.at("/error/type").asText()).isEqualTo("permission_error");
        assertThat(body.at("/error/message").asText()).contains("no-secrets");
        assertThat(body.path("request_id").asText()).isEqualTo(requestId).startsWith("mg-");
        assertThat(reject.headers()).containsEntry("request-id", requestId);
        assertThat(reject.body()).doesNotContain("AKIA4N7QZRWX3KDP6TLB");
    }

    @Test
    void aMalformedMessagesBodyIsRefusedNamingTheFieldAnthropicsWay() throws Exception {
        EdgeOutcome.Reject reject = (EdgeOutcome.Reject) gate(false).handle(EdgeGateTest.settings(),
                messages("{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        assertThat(reject.status()).isEqualTo(400);
        JsonNode body = JSON.readTree(reject.body());
        assertThat(body.at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(body.at("/error/message").asText()).isEqualTo("max_tokens: Field required");
    }

    @Test
    void aTokenCountIsNotSignedAndIsRefusedInAnthropicsShape() throws Exception {
        EdgeOutcome.Reject reject = (EdgeOutcome.Reject) gate(false).handle(EdgeGateTest.settings(),
                messages("/v1/messages/count_tokens", "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        assertThat(reject.status()).isEqualTo(404);
        assertThat(JSON.readTree(reject.body()).at("/error/type").asText()).isEqualTo("not_found_error");
    }

    @Test
    void chatStaysInOpenAisShape() throws Exception {
        EdgeOutcome.Reject reject = (EdgeOutcome.Reject) gate(false).handle(EdgeGateTest.settings(),
                EdgeGateTest.chat("key AKIA4N7QZRWX3KDP6TLB"));
        assertThat(JSON.readTree(reject.body()).at("/error/code").asText()).isEqualTo("guardrail_denied");
        assertThat(reject.headers()).doesNotContainKey("request-id");
    }

    @Test
    void aHostThatRewritesBodiesForwardsTheClientsFormatRedacted() throws Exception {
        EdgeRequest request = messages("""
                {"model":"chat","max_tokens":64,"thinking":{"type":"enabled","budget_tokens":1024},
                 "messages":[{"role":"user","content":[{"type":"text","text":"mail ana@example.com","cache_control":{"type":"ephemeral"}}]}]}""");
        EdgeOutcome.Forward forward = (EdgeOutcome.Forward) gate(true).handle(EdgeGateTest.settings(), request);

        JsonNode sent = JSON.readTree(forward.newBody());
        assertThat(sent.at("/messages/0/content/0/text").asText()).doesNotContain("ana@example.com").startsWith("mail ");
        assertThat(sent.at("/messages/0/content/0/cache_control/type").asText()).as("still Anthropic's body").isEqualTo("ephemeral");
        assertThat(sent.at("/thinking/budget_tokens").asInt()).isEqualTo(1024);
        RoutingDecision decision = EdgeGateTest.RELAY.verify(forward.setHeaders().get(DecisionSigner.HEADER), Instant.now());
        assertThat(decision.redactedBy()).isEmpty();
        assertThat(decision.bodySha256()).isEqualTo(DecisionSigner.sha256(forward.newBody()));
    }

    /** Two system blocks become one system message: a redaction there cannot be placed back, so the relay redacts. */
    @Test
    void aRedactionThatCannotBePlacedInTheClientsBodyIsLeftToTheRelay() throws Exception {
        EdgeRequest request = messages("""
                {"model":"chat","max_tokens":64,"system":[{"type":"text","text":"reply to ana@example.com"},{"type":"text","text":"Be brief."}],
                 "messages":[{"role":"user","content":"hi"}]}""");
        EdgeOutcome.Forward forward = (EdgeOutcome.Forward) gate(true).handle(EdgeGateTest.settings(), request);

        assertThat(forward.newBody()).isNull();
        RoutingDecision decision = EdgeGateTest.RELAY.verify(forward.setHeaders().get(DecisionSigner.HEADER), Instant.now());
        assertThat(decision.redactedBy()).containsExactly("emails-redacted");
        assertThat(decision.bodySha256()).isEqualTo(DecisionSigner.sha256(request.body()));
    }
}
