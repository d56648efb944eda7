package dev.modelgate.policy.eval;

import dev.modelgate.policy.request.ParsedRequest;
import dev.modelgate.policy.routing.DroppedCandidate;
import dev.modelgate.policy.routing.RouteCandidate;
import dev.modelgate.policy.tokens.InputTokens;
import dev.modelgate.policy.tokens.TokenEstimator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evaluator admits with the fast estimate's upper bound, and counts exactly where the estimate cannot
 * settle a decision: a context window or a max_input_tokens guardrail inside the estimate's interval.
 */
class TokenThresholdTest {

    private static final int MAX_TOKENS = 100;
    private static final TokenEstimator TOKENS = new TokenEstimator(0);

    private final EvaluatorFixture f = new EvaluatorFixture();
    private final ParsedRequest request = f.chat("{\"model\":\"m\",\"max_tokens\":" + MAX_TOKENS + ",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"Could you compare the three routes for tomorrow's delivery and say which one avoids the bridge works "
            + "near the river, given that the van must be back at the depot before six in the evening?\"}]}");
    private final long exact = TOKENS.exactInput(request);
    private final InputTokens estimate = TOKENS.estimate(request);

    private static CompiledPolicy policy(long contextWindow, long maxInputTokens) {
        return EvaluatorFixture.policy("""
                version: 1
                providers: { a: { type: simulated }, b: { type: simulated } }
                models:
                  m: { strategy: priority, candidates: [ { provider: a, model: fits, context_window: %d }, { provider: b, model: roomy } ] }
                teams:
                  t: { consumers: [app] }
                guardrails:
                  - { id: size, detect: max_input_tokens, max_tokens: %d, action: deny }
                """.formatted(contextWindow, maxInputTokens));
    }

    private Decision run(CompiledPolicy policy) {
        return f.evaluator.evaluate(policy, Caller.consumer("app"), request);
    }

    @Test
    void theEstimateStraddlesTheExactCount() {
        assertThat(estimate.upper()).isGreaterThan(exact);
        assertThat(estimate.lower()).isLessThanOrEqualTo(exact);
    }

    @Test
    void farFromEveryThresholdTheUpperBoundIsReserved() {
        Decision.Admitted a = (Decision.Admitted) run(policy(100_000, 100_000));
        assertThat(a.inputTokens()).isEqualTo(estimate.upper());
        assertThat(a.plan().kept()).extracting(RouteCandidate::deploymentId).startsWith("a/fits");
    }

    @Test
    void aContextWindowTheExactCountJustFitsKeepsTheDeployment() {
        Decision.Admitted a = (Decision.Admitted) run(policy(exact + MAX_TOKENS, 100_000));
        assertThat(a.inputTokens()).as("counted exactly").isEqualTo(exact);
        assertThat(a.plan().kept()).extracting(RouteCandidate::deploymentId).startsWith("a/fits");
    }

    @Test
    void aContextWindowOneTokenShortDropsTheDeployment() {
        Decision.Admitted a = (Decision.Admitted) run(policy(exact + MAX_TOKENS - 1, 100_000));
        assertThat(a.plan().kept()).extracting(RouteCandidate::deploymentId).containsExactly("b/roomy");
        assertThat(a.plan().dropped()).extracting(DroppedCandidate::deploymentId).containsExactly("a/fits");
    }

    @Test
    void aTokenGuardrailAtTheExactCountAdmitsAndOneBelowDenies() {
        assertThat(run(policy(100_000, exact))).isInstanceOf(Decision.Admitted.class);
        Decision.Rejected r = (Decision.Rejected) run(policy(100_000, exact - 1));
        assertThat(r.rejection().message()).contains("size", "an estimated " + exact + " input tokens");
    }
}
