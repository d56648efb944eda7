package dev.modelgate.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.edge.policy.PolicyWatcher;
import dev.modelgate.policy.decision.DecisionSigner;
import dev.modelgate.policy.decision.RoutingDecision;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenAI's {@code /v1/responses} at the edge (Codex, the Agents SDK): read by the policy language's Responses
 * parser, signed over the client's own bytes, refused in OpenAI's error shape, redacted in place on a host that
 * rewrites bodies.
 */
class EdgeResponsesTest {

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

    private static EdgeRequest responses(String body) {
        return new EdgeRequest("support-bot", "/v1/responses", Map.of("content-type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8));
    }

    /** A coding agent's turn: instructions, a tool call and its output, a tool definition. */
    private static String turn(String toolOutput) {
        return """
                {"model":"chat","instructions":"You are a coding agent.","max_output_tokens":128,"stream":true,
                 "input":[{"role":"user","content":"run the tests"},
                          {"type":"function_call","call_id":"c1","name":"shell","arguments":"{\\"cmd\\":\\"mvn test\\"}"},
                          {"type":"function_call_output","call_id":"c1","output":"%s"}],
                 "tools":[{"type":"function","name":"shell","parameters":{"type":"object"}}]}""".formatted(toolOutput);
    }

    @Test
    void aResponsesRequestIsDecidedAndSignedOverTheClientsOwnBytes() throws Exception {
        EdgeRequest request = responses(turn("BUILD SUCCESS"));
        EdgeOutcome outcome = gate(false).handle(EdgeGateTest.settings(), request);

        assertThat(outcome).isInstanceOf(EdgeOutcome.Forward.class);
        EdgeOutcome.Forward forward = (EdgeOutcome.Forward) outcome;
        RoutingDecision decision = EdgeGateTest.RELAY.verify(forward.setHeaders().get(DecisionSigner.HEADER), Instant.now());
        assertThat(decision.bodySha256()).isEqualTo(DecisionSigner.sha256(request.body()));
        assertThat(decision.team()).isEqualTo("support");
        assertThat(decision.alias()).isEqualTo("chat");
        assertThat(decision.inputTokens()).isGreaterThan(5);
        assertThat(forward.newBody()).isNull();
    }

    @Test
    void aSecretInAToolOutputIsStoppedAtTheEdgeInOpenAisShape() throws Exception {
        EdgeOutcome.Reject reject = (EdgeOutcome.Reject) gate(false).handle(EdgeGateTest.settings(),
                responses(turn("AWS_ACCESS_KEY_ID=AKIA4N7QZRWX3KDP6TLB")));
        assertThat(reject.status()).isEqualTo(403);
        JsonNode error = JSON.readTree(reject.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("guardrail_denied");
        assertThat(error.path("message").asText()).contains("no-secrets");
        assertThat(reject.headers()).containsKey(DecisionSigner.REQUEST_ID_HEADER);
        assertThat(reject.body()).doesNotContain("AKIA4N7QZRWX3KDP6TLB");
    }

    @Test
    void aHostThatRewritesBodiesRedactsTheResponsesBodyInPlace() throws Exception {
        EdgeOutcome.Forward forward = (EdgeOutcome.Forward) gate(true).handle(EdgeGateTest.settings(),
                responses(turn("mail ana@example.com about it")));
        JsonNode sent = JSON.readTree(forward.newBody());
        assertThat(sent.at("/input/2/output").asText()).doesNotContain("ana@example.com").startsWith("mail ");
        assertThat(sent.at("/input/1/type").asText()).as("still the client's Responses body").isEqualTo("function_call");
        RoutingDecision decision = EdgeGateTest.RELAY.verify(forward.setHeaders().get(DecisionSigner.HEADER), Instant.now());
        assertThat(decision.redactedBy()).isEmpty();
        assertThat(decision.bodySha256()).isEqualTo(DecisionSigner.sha256(forward.newBody()));
    }
}
