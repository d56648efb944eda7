package dev.modelgate.policy.eval;

import dev.modelgate.policy.routing.RouteCandidate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evaluator, which the APISIX runner, the Kong server and the relay all call, answers a request too long
 * for every deployment it may use with OpenAI's 400 {@code context_length_exceeded}, and routes one that fits
 * only the larger window there.
 */
class ContextOverflowRejectionTest {

    private final EvaluatorFixture f = new EvaluatorFixture();

    private final CompiledPolicy policy = EvaluatorFixture.policy("""
            version: 1
            providers: { a: { type: simulated }, b: { type: simulated } }
            models:
              ctx:
                candidates:
                  - { provider: a, model: small, context_window: 2000 }
                  - { provider: b, model: large, context_window: 6000 }
            teams: { t: { consumers: [app] } }
            """);

    private Decision ask(int words, int maxTokens) {
        String text = "word ".repeat(words);
        return f.evaluator.evaluate(policy, Caller.consumer("app"), f.chat("{\"model\":\"ctx\",\"max_tokens\":" + maxTokens
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}"));
    }

    @Test
    void aPromptTooLongForTheSmallWindowGoesToTheLargeOne() {
        Decision d = ask(2500, 100);
        assertThat(d).isInstanceOf(Decision.Admitted.class);
        assertThat(((Decision.Admitted) d).plan().kept()).extracting(RouteCandidate::deploymentId).containsExactly("b/large");
    }

    @Test
    void aPromptTooLongForEveryWindowIsTheClientsToShorten() {
        Decision d = ask(7000, 100);
        assertThat(d).isInstanceOf(Decision.Rejected.class);
        Rejection r = ((Decision.Rejected) d).rejection();
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("context_length_exceeded");
        assertThat(r.param()).isEqualTo("messages");
        assertThat(r.message()).contains("maximum context length is 6000 tokens");
        assertThat(r.toJson()).contains("\"type\":\"invalid_request_error\"");
    }
}
