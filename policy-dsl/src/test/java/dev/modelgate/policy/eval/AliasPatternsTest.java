package dev.modelgate.policy.eval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An agent's default model ids routed by the aliases' {@code match} patterns: an exact alias beats any pattern,
 * then the longest pattern wins, then the alphabetically first; the team's access is checked on the alias.
 */
class AliasPatternsTest {

    private final EvaluatorFixture f = new EvaluatorFixture();

    private final CompiledPolicy policy = EvaluatorFixture.policy("""
            version: 1
            providers:
              claude: { type: anthropic, credential: anthropic-prod }
              gpt: { type: openai, credential: openai-prod }
            models:
              claude-default:
                match: ["claude-*"]
                candidates: [ { provider: claude, model: claude-sonnet-4-5 } ]
              claude-big:
                match: ["claude-opus-*", "*-opus-*"]
                candidates: [ { provider: claude, model: claude-opus-4-1 } ]
              claude-haiku-4-5:
                candidates: [ { provider: claude, model: claude-haiku-4-5-20251001 } ]
              gpt:
                match: ["gpt-5*", "o*-mini"]
                candidates: [ { provider: gpt, model: gpt-5-mini } ]
              secret:
                match: ["internal-*"]
                candidates: [ { provider: gpt, model: gpt-5 } ]
            teams:
              t: { consumers: [app], allow_models: [claude-default, claude-big, claude-haiku-4-5, gpt] }
            """);

    private Decision decide(String model) {
        return f.evaluator.evaluate(policy, Caller.consumer("app"), f.chat(model, "hi"));
    }

    private String aliasOf(String model) {
        Decision d = decide(model);
        assertThat(d).as(d instanceof Decision.Rejected r ? r.rejection().toString() : "admitted").isInstanceOf(Decision.Admitted.class);
        return ((Decision.Admitted) d).alias();
    }

    @Test
    void anAgentsDefaultModelIdsRouteByPattern() {
        assertThat(aliasOf("claude-sonnet-4-5-20250929")).isEqualTo("claude-default");
        assertThat(aliasOf("gpt-5")).isEqualTo("gpt");
        assertThat(aliasOf("gpt-5.1-codex")).isEqualTo("gpt");
        assertThat(aliasOf("o4-mini")).isEqualTo("gpt");
        assertThat(decide("claude-sonnet-4-5").trace().notes())
                .contains("model 'claude-sonnet-4-5' routed to alias 'claude-default' by its match pattern");
    }

    @Test
    void anExactAliasBeatsEveryPatternAndTheLongestPatternBeatsShorterOnes() {
        assertThat(aliasOf("claude-haiku-4-5")).as("an alias of that name, though claude-* matches too").isEqualTo("claude-haiku-4-5");
        assertThat(aliasOf("claude-opus-4-1-20250805")).as("claude-opus-* (12 characters) beats claude-* (7)").isEqualTo("claude-big");
        assertThat(aliasOf("anthropic-opus-4")).as("*-opus-* in the middle").isEqualTo("claude-big");
    }

    @Test
    void aNameNoPatternMatchesIsUnknownAndTheTeamsAccessIsCheckedOnTheAlias() {
        Decision unknown = decide("gemini-2.5-pro");
        assertThat(unknown).isInstanceOfSatisfying(Decision.Rejected.class, r -> assertThat(r.rejection().status()).isEqualTo(404));
        assertThat(decide("o4")).as("o*-mini must end in -mini").isInstanceOf(Decision.Rejected.class);
        Decision forbidden = decide("internal-tool");
        assertThat(forbidden).isInstanceOfSatisfying(Decision.Rejected.class, r -> {
            assertThat(r.rejection().status()).isEqualTo(403);
            assertThat(r.rejection().message()).isEqualTo("Team 't' may not use model 'internal-tool' (alias 'secret').");
        });
    }

    @Test
    void betweenEquallyLongPatternsTheAlphabeticallyFirstWins() {
        CompiledPolicy tie = EvaluatorFixture.policy("""
                version: 1
                providers: { gpt: { type: openai, credential: k } }
                models:
                  zeta: { match: ["gpt-*"], candidates: [ { provider: gpt, model: a } ] }
                  alpha: { match: ["*-mini"], candidates: [ { provider: gpt, model: b } ] }
                """);
        assertThat(tie.aliasFor("gpt-mini")).as("'*-mini' sorts before 'gpt-*'").isEqualTo("alpha");
        assertThat(tie.aliasFor("gpt-4o")).isEqualTo("zeta");
        assertThat(tie.aliasFor("zeta")).isEqualTo("zeta");
        assertThat(tie.aliasFor("claude")).isNull();
    }
}
