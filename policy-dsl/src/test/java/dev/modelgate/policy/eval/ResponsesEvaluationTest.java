package dev.modelgate.policy.eval;

import dev.modelgate.policy.routing.RouteCandidate;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** A Responses API request decided like chat: the same aliases, guardrails over its items, rules on its endpoint. */
class ResponsesEvaluationTest {

    private final EvaluatorFixture f = new EvaluatorFixture();
    private final CompiledPolicy policy = EvaluatorFixture.policy("""
            version: 1
            providers:
              a: { type: simulated }
              e: { type: simulated }
            models:
              chat: { candidates: [ { provider: e, model: embedder, capabilities: [embeddings] }, { provider: a, model: talker, capabilities: [tools] } ] }
            teams:
              t: { consumers: [app] }
            rules:
              - { id: no-responses-for-batch, when: "endpoint == 'responses' && 'batch' in tags", deny: Batch jobs use chat. }
            guardrails:
              - { id: ssn, detect: us_ssn, action: redact }
              - { id: secrets, detect: secrets, action: deny }
            """);

    private Decision run(String json) {
        return f.evaluator.evaluate(policy, Caller.consumer("app"), f.responses(json));
    }

    @Test
    void routesToChatDeploymentsAndReservesADefaultAnswer() {
        Decision.Admitted a = (Decision.Admitted) run("""
                {"model":"chat","input":"hello","tools":[{"type":"function","name":"f"}]}""");
        assertThat(a.plan().kept()).extracting(RouteCandidate::deploymentId).containsExactly("a/talker");
        assertThat(a.outputTokens()).as("no max_output_tokens: the default answer length is reserved").isPositive();
        Decision.Admitted capped = (Decision.Admitted) run("""
                {"model":"chat","input":"hello","max_output_tokens":77}""");
        assertThat(capped.outputTokens()).isEqualTo(77);
    }

    @Test
    void guardrailsRedactAToolOutputInTheClientsOwnBodyAndDenyASecretInArguments() {
        Decision.Admitted a = (Decision.Admitted) run("""
                {"model":"chat","input":[{"type":"function_call","call_id":"c","name":"f","arguments":"{}"},
                 {"type":"function_call_output","call_id":"c","output":"SSN 123-45-6789"}]}""");
        String redacted = new String(a.redactedBody(), StandardCharsets.UTF_8);
        assertThat(redacted).doesNotContain("123-45-6789").contains("\"type\":\"function_call_output\"");

        Decision denied = run("""
                {"model":"chat","input":[{"type":"function_call","call_id":"c","name":"f",
                  "arguments":"{\\"key\\":\\"AKIA4N7QZRWX3KDP6TLB\\"}"}]}""");
        assertThat(denied).isInstanceOf(Decision.Rejected.class);
    }

    @Test
    void rulesSeeTheResponsesEndpoint() {
        Decision denied = run("""
                {"model":"chat","input":"x","metadata":{"batch":"1"}}""");
        assertThat(denied).isInstanceOf(Decision.Rejected.class);
        assertThat(((Decision.Rejected) denied).rejection().message()).contains("Batch jobs use chat.");
    }
}
