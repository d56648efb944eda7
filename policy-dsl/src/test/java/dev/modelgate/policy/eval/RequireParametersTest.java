package dev.modelgate.policy.eval;

import dev.modelgate.policy.routing.DroppedCandidate;
import dev.modelgate.policy.routing.RouteCandidate;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** OpenRouter's {@code provider.require_parameters}: only deployments that honour every tuning parameter sent. */
class RequireParametersTest {

    private final EvaluatorFixture f = new EvaluatorFixture();

    private final CompiledPolicy policy = EvaluatorFixture.policy("""
            version: 1
            providers:
              claude: { type: anthropic, credential: anthropic-prod }
              gpt: { type: openai, credential: openai-prod }
              vllm: { type: openai-compatible, base_url: "http://127.0.0.1:8000/v1" }
              gem: { type: gemini, credential: gemini-prod }
            models:
              mixed:
                candidates:
                  - { provider: claude, model: claude-haiku-4-5 }
                  - { provider: gpt, model: gpt-4o-mini }
              claude-only:
                candidates: [ { provider: claude, model: claude-haiku-4-5 } ]
              declared:
                candidates:
                  - { provider: vllm, model: llama, supported_parameters: [temperature, max_tokens] }
                  - { provider: gem, model: gemini-2.5-flash }
            teams: { t: { consumers: [app] } }
            """);

    private Decision decide(String model, String extra) {
        return f.evaluator.evaluate(policy, Caller.consumer("app"), f.chat("{\"model\":\"" + model + "\"," + extra
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
    }

    private static List<String> kept(Decision d) {
        assertThat(d).as(d instanceof Decision.Rejected r ? r.rejection().toString() : "admitted").isInstanceOf(Decision.Admitted.class);
        return ((Decision.Admitted) d).plan().kept().stream().map(RouteCandidate::deploymentId).toList();
    }

    @Test
    void withoutTheFlagEveryDeploymentStaysAndAdaptersDropWhatTheyCannotCarry() {
        assertThat(kept(decide("mixed", "\"logprobs\":true,"))).containsExactly("claude/claude-haiku-4-5", "gpt/gpt-4o-mini");
    }

    @Test
    void withTheFlagADeploymentThatIgnoresAParameterIsSkippedAndSaysWhich() {
        Decision d = decide("mixed", "\"logprobs\":true,\"seed\":7,\"temperature\":0.2,\"provider\":{\"require_parameters\":true},");
        assertThat(kept(d)).containsExactly("gpt/gpt-4o-mini");
        assertThat(((Decision.Admitted) d).plan().dropped()).extracting(DroppedCandidate::reason)
                .containsExactly("does not support logprobs, seed (request set provider.require_parameters)");
    }

    @Test
    void parametersEveryDeploymentTakesNeverSkipOne() {
        assertThat(kept(decide("mixed", "\"temperature\":0.2,\"max_tokens\":50,\"user\":\"u\",\"provider\":{\"require_parameters\":true},")))
                .containsExactly("claude/claude-haiku-4-5", "gpt/gpt-4o-mini");
    }

    @Test
    void whenNoDeploymentFitsTheAnswerIs400NamingTheParameter() {
        Decision d = decide("claude-only", "\"logprobs\":true,\"provider\":{\"require_parameters\":true},");
        assertThat(d).isInstanceOf(Decision.Rejected.class);
        Rejection r = ((Decision.Rejected) d).rejection();
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("unsupported_parameter");
        assertThat(r.param()).isEqualTo("logprobs");
        assertThat(r.message()).contains("logprobs", "claude-only", "require_parameters");
        assertThat(r.toJson()).contains("\"type\":\"invalid_request_error\"", "\"param\":\"logprobs\"");
    }

    @Test
    void aDeploymentsDeclaredListReplacesItsFamilyDefault() {
        // vLLM takes top_k by default, but this one declares only temperature and max_tokens; Gemini takes seed.
        Decision topK = decide("declared", "\"top_k\":40,\"provider\":{\"require_parameters\":true},");
        assertThat(topK).isInstanceOf(Decision.Rejected.class);
        assertThat(((Decision.Rejected) topK).rejection().param()).isEqualTo("top_k");
        assertThat(kept(decide("declared", "\"seed\":1,\"provider\":{\"require_parameters\":true},")))
                .containsExactly("gem/gemini-2.5-flash");
        assertThat(kept(decide("declared", "\"temperature\":1,\"provider\":{\"require_parameters\":true},")))
                .containsExactly("vllm/llama", "gem/gemini-2.5-flash");
    }
}
