package dev.modelgate.policy.eval;

import dev.modelgate.policy.budget.BudgetPeriod;
import dev.modelgate.policy.model.GuardAction;
import dev.modelgate.policy.routing.CircuitState;
import dev.modelgate.policy.routing.DroppedCandidate;
import dev.modelgate.policy.routing.RouteCandidate;
import dev.modelgate.policy.tokens.TokenEstimator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class PolicyEvaluatorTest {

    private final EvaluatorFixture f = new EvaluatorFixture();
    private final CompiledPolicy enterprise = EvaluatorFixture.enterprise();

    private Decision.Admitted admitted(Decision d) {
        assertThat(d).as(d instanceof Decision.Rejected r ? r.rejection().toString() : "admitted").isInstanceOf(Decision.Admitted.class);
        return (Decision.Admitted) d;
    }

    private Rejection rejected(Decision d) {
        assertThat(d).isInstanceOf(Decision.Rejected.class);
        return ((Decision.Rejected) d).rejection();
    }

    private static List<String> deployments(Decision.Admitted a) {
        return a.plan().kept().stream().map(RouteCandidate::deploymentId).toList();
    }

    @Test
    void identifiesTheTeamFromTheCallerNeverFromTheBody() {
        var body = f.chat("{\"model\":\"chat-fast\",\"user\":\"legal\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(admitted(f.evaluator.evaluate(enterprise, Caller.consumer("search-app"), body)).team()).isEqualTo("search");
        assertThat(admitted(f.evaluator.evaluate(enterprise, Caller.key("interns-shared"), body)).team()).isEqualTo("interns");

        Rejection unknown = rejected(f.evaluator.evaluate(enterprise, Caller.consumer("stranger"), body));
        assertThat(unknown.status()).isEqualTo(403);
        assertThat(unknown.code()).isEqualTo("unknown_team");
        Rejection anonymous = rejected(f.evaluator.evaluate(enterprise, new Caller(null, null, Map.of()), body));
        assertThat(anonymous.status()).isEqualTo(401);
    }

    @Test
    void unknownAndForbiddenModelsAreRefusedInOpenAisShape() {
        Rejection missing = rejected(f.evaluator.evaluate(enterprise, Caller.consumer("support-bot"), f.chat("gpt-5-ultra", "hi")));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).isEqualTo("model_not_found");
        assertThat(missing.message()).contains("chat-fast", "chat-smart").doesNotContain("reasoning");
        assertThat(missing.toJson()).isEqualTo("{\"error\":{\"message\":" + EvaluatorFixture.quote(missing.message())
                + ",\"type\":\"invalid_request_error\",\"code\":\"model_not_found\",\"param\":\"model\"}}");

        Rejection forbidden = rejected(f.evaluator.evaluate(enterprise, Caller.consumer("support-bot"), f.chat("reasoning", "hi")));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.code()).isEqualTo("model_not_allowed");
    }

    @Test
    void celRulesRouteAndDeny() {
        Decision.Admitted legal = admitted(f.evaluator.evaluate(enterprise, Caller.consumer("legal-assistant"), f.chat("chat-onprem", "hi")));
        assertThat(legal.alias()).isEqualTo("chat-eu");
        assertThat(legal.trace().rule()).isEqualTo("legal-stays-in-eu");

        Rejection interns = rejected(f.evaluator.evaluate(enterprise, Caller.consumer("intern-sandbox"), f.chat("reasoning", "hi")));
        assertThat(interns.status()).isEqualTo(403);
        assertThat(interns.code()).isEqualTo("denied_by_rule");
        assertThat(interns.message()).isEqualTo("Reasoning models are not available to the interns team; use chat-fast.");

        var batch = f.chat("{\"model\":\"chat-fast\",\"metadata\":{\"workload\":\"batch\"},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(admitted(f.evaluator.evaluate(enterprise, Caller.consumer("search-app"), batch)).alias()).isEqualTo("chat-onprem");
    }

    @Test
    void hugePromptsGoToLongContextByEstimatedTokens() {
        String huge = "word ".repeat(120_000);
        Decision.Admitted a = admitted(f.evaluator.evaluate(enterprise, Caller.consumer("search-app"), f.chat("chat-fast", huge)));
        assertThat(a.inputTokens()).isGreaterThan(100_000);
        assertThat(a.alias()).isEqualTo("long-context");
        assertThat(deployments(a)).containsExactly("gemini/gemini-2.5-pro", "openai/gpt-4.1");
    }

    @Test
    void denyingGuardrailNamesItselfAndNeverEchoesTheSecret() {
        String secret = "AKIA4N7QZRWX3KDP6TLB";
        Decision d = f.evaluator.evaluate(enterprise, Caller.consumer("search-app"), f.chat("chat-fast", "deploy with key " + secret + " please"));
        Rejection r = rejected(d);
        assertThat(d.trace().guardrailHits()).extracting(Decision.GuardrailHit::id, Decision.GuardrailHit::action)
                .containsExactly(tuple("no-secrets", GuardAction.DENY));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.code()).isEqualTo("guardrail_denied");
        assertThat(r.message()).contains("no-secrets").doesNotContain(secret).doesNotContain("AKIA");
        assertThat(r.toJson()).doesNotContain(secret);
    }

    @Test
    void redactingGuardrailsRewriteEveryTextAndKeepTheRest() {
        var body = f.chat("{\"model\":\"chat-fast\",\"temperature\":0.2,\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Server build-01.corp.contoso.com\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Charge 4111 1111 1111 1111 — 谢谢 🙏\"}]}]}");
        Decision.Admitted a = admitted(f.evaluator.evaluate(enterprise, Caller.consumer("search-app"), body));

        assertThat(a.redacted()).isTrue();
        String forwarded = new String(a.redactedBody(), StandardCharsets.UTF_8);
        assertThat(forwarded).doesNotContain("4111 1111 1111 1111").doesNotContain("build-01.corp.contoso.com")
                .contains("谢谢 🙏").contains("\"temperature\":0.2");
        assertThat(a.trace().guardrails()).contains("cards-redacted: redact", "internal-hostnames: redact");
        assertThat(a.trace().guardrailHits()).extracting(Decision.GuardrailHit::id, Decision.GuardrailHit::action)
                .contains(tuple("cards-redacted", GuardAction.REDACT), tuple("internal-hostnames", GuardAction.REDACT));
    }

    @Test
    void guardrailScopeLimitsWhoIsAffected() {
        var email = f.chat("chat-fast", "mail me at jane.doe@example.com");
        assertThat(admitted(f.evaluator.evaluate(enterprise, Caller.consumer("support-bot"), email)).redacted()).isTrue();
        assertThat(admitted(f.evaluator.evaluate(enterprise, Caller.consumer("search-app"), email)).redacted()).isFalse();
    }

    @Test
    void euTeamOnlyReachesEuZeroRetentionProviders() {
        Decision.Admitted a = admitted(f.evaluator.evaluate(enterprise, Caller.consumer("legal-assistant"), f.chat("chat-eu", "hi")));
        assertThat(a.plan().kept()).isNotEmpty().allSatisfy(c -> {
            assertThat(c.provider().region()).isEqualTo("eu");
            assertThat(c.provider().zdr()).isTrue();
        });
        // chat-onprem is also EU; its simulated deployment is in region eu too and zdr.
        assertThat(deployments(a)).containsExactlyInAnyOrder("azure-eu/gpt-4o-mini", "onprem-vllm/llama-3.3-70b-instruct");
    }

    @Test
    void lowestCostOrdersByThisRequestsEstimatedCostAndDropsWhatDataPolicyForbids() {
        Decision.Admitted a = admitted(f.evaluator.evaluate(enterprise, Caller.consumer("search-app"), f.chat("chat-fast", "hello")));
        List<RouteCandidate> kept = a.plan().kept().stream().filter(c -> c.alias().equals("chat-fast")).toList();
        assertThat(kept).hasSize(4);
        assertThat(kept.get(0).deploymentId()).isEqualTo("simulated/sim-chat");
        for (int i = 1; i < kept.size(); i++) {
            assertThat(kept.get(i).estimatedCostMicros()).isGreaterThanOrEqualTo(kept.get(i - 1).estimatedCostMicros());
        }
        // then the policy fallback alias chat-onprem, whose on-prem deployment was not offered yet
        assertThat(deployments(a)).endsWith("onprem-vllm/llama-3.3-70b-instruct");

        Decision.Admitted support = admitted(f.evaluator.evaluate(enterprise, Caller.consumer("intern-sandbox"), f.chat("chat-fast", "hi")));
        assertThat(support.plan().dropped()).extracting(DroppedCandidate::deploymentId).contains("anthropic/claude-haiku-4-5");
    }

    @Test
    void requestProviderPreferencesFilterAndOrder() {
        String base = "{\"model\":\"chat-smart\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"provider\":";
        Caller search = Caller.consumer("search-app");
        assertThat(deployments(admitted(f.evaluator.evaluate(enterprise, search, f.chat(base + "{\"only\":[\"openai\"]}}")))))
                .containsExactly("openai/gpt-4.1", "openai/gpt-4o-mini");
        assertThat(deployments(admitted(f.evaluator.evaluate(enterprise, search, f.chat(base + "{\"order\":[\"azure-eu\",\"openai\"]}}")))))
                .startsWith("azure-eu/gpt-4o", "openai/gpt-4.1");
        assertThat(deployments(admitted(f.evaluator.evaluate(enterprise, search, f.chat(base + "{\"allow_fallbacks\":false}}")))))
                .containsExactly("anthropic/claude-sonnet-4-5");
        assertThat(deployments(admitted(f.evaluator.evaluate(enterprise, search,
                f.chat(base + "{\"max_price\":{\"prompt\":2.5,\"completion\":10}}}")))))
                .doesNotContain("anthropic/claude-sonnet-4-5").contains("openai/gpt-4.1", "azure-eu/gpt-4o");
        Decision.Admitted zdr = admitted(f.evaluator.evaluate(enterprise, search, f.chat(base + "{\"zdr\":true,\"ignore\":[\"anthropic\"]}}")));
        assertThat(zdr.plan().kept()).allSatisfy(c -> assertThat(c.provider().zdr()).isTrue());
        assertThat(deployments(zdr)).doesNotContain("anthropic/claude-sonnet-4-5");
    }

    @Test
    void capabilitiesAndContextWindowFilterCandidates() {
        var tools = f.chat("{\"model\":\"reasoning\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{}}}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        Decision.Admitted a = admitted(f.evaluator.evaluate(enterprise, Caller.consumer("research-notebooks"), tools));
        assertThat(deployments(a)).containsExactly("openai/o4-mini");
        assertThat(a.plan().dropped()).anySatisfy(d -> {
            assertThat(d.deploymentId()).isEqualTo("deepseek/deepseek-reasoner");
            assertThat(d.reason()).isEqualTo("lacks capability tools");
        });
    }

    @Test
    void requestModelsFallbacksAreTriedAfterTheAlias() {
        var body = f.chat("{\"model\":\"chat-smart\",\"models\":[\"embed\",\"long-context\"],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        Decision.Admitted a = admitted(f.evaluator.evaluate(enterprise, Caller.consumer("search-app"), body));
        assertThat(deployments(a)).startsWith("anthropic/claude-sonnet-4-5", "openai/gpt-4.1", "azure-eu/gpt-4o")
                .contains("gemini/gemini-2.5-pro");
        assertThat(a.plan().dropped()).anySatisfy(d -> assertThat(d.reason()).isEqualTo("serves embeddings only, not chat"));
    }

    @Test
    void openCircuitsAreSkippedAndLowestLatencyFollowsLiveStats() {
        CompiledPolicy p = EvaluatorFixture.policy("""
                version: 1
                providers:
                  a: { type: simulated }
                  b: { type: simulated }
                  c: { type: simulated }
                models:
                  m:
                    strategy: lowest-latency
                    candidates: [ { provider: a, model: x }, { provider: b, model: x }, { provider: c, model: x } ]
                teams:
                  t: { consumers: [app] }
                """);
        f.stats.recordCall("a/x", 900, true);
        f.stats.recordCall("b/x", 200, true);
        assertThat(deployments(admitted(f.evaluator.evaluate(p, Caller.consumer("app"), f.chat("m", "hi")))))
                .containsExactly("b/x", "a/x", "c/x");
        f.stats.recordCircuit("b/x", CircuitState.OPEN);
        Decision.Admitted a = admitted(f.evaluator.evaluate(p, Caller.consumer("app"), f.chat("m", "hi")));
        assertThat(deployments(a)).containsExactly("a/x", "c/x");
        assertThat(a.plan().dropped()).extracting(DroppedCandidate::reason).containsExactly("circuit breaker open");
    }

    @Test
    void weightedStrategySpreadsFirstChoicesByWeight() {
        CompiledPolicy p = EvaluatorFixture.policy("""
                version: 1
                providers: { a: { type: simulated }, b: { type: simulated } }
                models:
                  m: { strategy: weighted, candidates: [ { provider: a, model: x, weight: 3 }, { provider: b, model: x, weight: 1 } ] }
                teams: { t: { consumers: [app] } }
                """);
        int firstA = 0;
        int runs = 4000;
        for (int i = 0; i < runs; i++) {
            Decision.Admitted a = admitted(f.evaluator.evaluate(p, Caller.consumer("app"), f.chat("m", "hi")));
            assertThat(a.plan().kept()).hasSize(2);
            if (a.plan().kept().get(0).deploymentId().equals("a/x")) {
                firstA++;
            }
        }
        // 3:1 weights: expect 75 % ± 4 % (over 7 standard deviations for 4000 draws).
        assertThat(firstA).isBetween(2840, 3160);
    }

    @Test
    void noCandidateLeftIsA503ThatSaysWhy() {
        var body = f.chat("{\"model\":\"chat-smart\",\"provider\":{\"only\":[\"gemini\"],\"allow_fallbacks\":false},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        Rejection r = rejected(f.evaluator.evaluate(enterprise, Caller.consumer("search-app"), body));
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.code()).isEqualTo("no_available_provider");
        assertThat(r.message()).contains("anthropic/claude-sonnet-4-5 (request provider.only excludes it)");
    }

    @Test
    void rateLimitsAnswer429WithRetryAfterAndSlideBack() {
        Caller intern = Caller.key("interns-shared"); // 30 rpm on the key
        for (int i = 0; i < 30; i++) {
            Decision.Admitted a = admitted(f.evaluator.evaluate(enterprise, intern, f.chat("chat-fast", "hi")));
            a.admission().settle(10, 1);
            f.clock.advance(Duration.ofMillis(100));
        }
        Rejection r = rejected(f.evaluator.evaluate(enterprise, intern, f.chat("chat-fast", "hi")));
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.code()).isEqualTo("rate_limit_exceeded");
        assertThat(r.message()).contains("key:interns-shared");
        assertThat(r.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(60));

        f.clock.advance(Duration.ofSeconds(61));
        admitted(f.evaluator.evaluate(enterprise, intern, f.chat("chat-fast", "hi")));
    }

    @Test
    void tokensPerMinuteCountTheEstimate() {
        CompiledPolicy p = EvaluatorFixture.policy("""
                version: 1
                providers: { a: { type: simulated } }
                models: { m: { candidates: [ { provider: a, model: x } ] } }
                teams: { t: { consumers: [app], limits: { tpm: 3000 } } }
                """);
        var req = f.chat("{\"model\":\"m\",\"max_tokens\":1000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        admitted(f.evaluator.evaluate(p, Caller.consumer("app"), req));
        admitted(f.evaluator.evaluate(p, Caller.consumer("app"), req));
        Rejection r = rejected(f.evaluator.evaluate(p, Caller.consumer("app"), req));
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.message()).contains("3000 tokens per minute");
    }

    @Test
    void concurrencyCapHoldsUntilRequestsEnd() {
        Caller intern = Caller.key("interns-shared"); // max_concurrent 4 on the key
        List<Decision.Admitted> inFlight = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            inFlight.add(admitted(f.evaluator.evaluate(enterprise, intern, f.chat("chat-fast", "hi"))));
        }
        Rejection r = rejected(f.evaluator.evaluate(enterprise, intern, f.chat("chat-fast", "hi")));
        assertThat(r.code()).isEqualTo("concurrency_limit_exceeded");
        inFlight.get(0).admission().release();
        inFlight.get(0).admission().release(); // idempotent: frees one slot, not two
        admitted(f.evaluator.evaluate(enterprise, intern, f.chat("chat-fast", "hi")));
        assertThat(f.evaluator.evaluate(enterprise, intern, f.chat("chat-fast", "hi"))).isInstanceOf(Decision.Rejected.class);
    }

    @Test
    void hardBudgetsAnswer402AndSoftBudgetsOnlyNote() {
        CompiledPolicy p = EvaluatorFixture.policy("""
                version: 1
                providers: { a: { type: simulated } }
                models:
                  m: { candidates: [ { provider: a, model: x, price: { input_per_mtok: 0, output_per_mtok: 1000 } } ] }
                teams:
                  hard: { consumers: [h], budget: { amount_usd: 2.5, period: daily } }
                  soft: { consumers: [s], budget: { amount_usd: 2.5, period: daily, enforcement: soft } }
                """);
        var req = f.chat("{\"model\":\"m\",\"max_tokens\":1000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"); // 1 USD each
        Decision.Admitted first = admitted(f.evaluator.evaluate(p, Caller.consumer("h"), req));
        assertThat(first.reservedMicros()).isEqualTo(1_000_000);
        first.admission().settle(1000, 1_000_000);
        admitted(f.evaluator.evaluate(p, Caller.consumer("h"), req)).admission().settle(1000, 1_000_000);
        Rejection broke = rejected(f.evaluator.evaluate(p, Caller.consumer("h"), req));
        assertThat(broke.status()).isEqualTo(402);
        assertThat(broke.code()).isEqualTo("budget_exhausted");

        for (int i = 0; i < 3; i++) {
            admitted(f.evaluator.evaluate(p, Caller.consumer("s"), req)).admission().settle(1000, 1_000_000);
        }
        Decision.Admitted over = admitted(f.evaluator.evaluate(p, Caller.consumer("s"), req));
        assertThat(over.trace().notes()).anySatisfy(n -> assertThat(n).contains("soft budget of team:soft exceeded"));

        f.clock.advance(Duration.ofDays(1)); // a new day: the hard budget is whole again
        admitted(f.evaluator.evaluate(p, Caller.consumer("h"), req));
    }

    /** Anthropic's count_tokens: the exact count, after the evaluator's access checks, with nothing spent or counted. */
    @Test
    void aCountIsExactWithTheRoutedModelsTokenizerAndSpendsNothing() {
        CompiledPolicy p = EvaluatorFixture.policy("""
                version: 1
                providers: { a: { type: simulated } }
                models:
                  legacy: { candidates: [ { provider: a, model: gpt-4-0613, price: { output_per_mtok: 1000 } } ] }
                  modern: { candidates: [ { provider: a, model: gpt-4o, price: { output_per_mtok: 1000 } } ] }
                  other: { candidates: [ { provider: a, model: x } ] }
                teams:
                  t: { consumers: [app], allow_models: [legacy, modern], limits: { rpm: 1 }, budget: { amount_usd: 1.5, period: daily } }
                """);
        String text = "Ünïcödé 日本語のテキスト and some English, to tell two tokenizers apart: 🙂🙃";
        var legacy = f.chat("{\"model\":\"legacy\",\"max_tokens\":1000,\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}");
        var modern = f.chat("{\"model\":\"modern\",\"max_tokens\":1000,\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}");
        Caller app = Caller.consumer("app");

        PolicyEvaluator.Count cl100k = f.evaluator.count(p, app, legacy);
        PolicyEvaluator.Count o200k = f.evaluator.count(p, app, modern);
        assertThat(cl100k.rejection()).isNull();
        assertThat(o200k.rejection()).isNull();
        assertThat(o200k.inputTokens()).isPositive();
        assertThat(cl100k.inputTokens()).as("gpt-4's tokenizer, not the alias name's").isNotEqualTo(o200k.inputTokens());

        for (int i = 0; i < 5; i++) {
            assertThat(f.evaluator.count(p, app, legacy).rejection()).isNull(); // rpm 1, 1.5 USD: counts take neither
        }
        // The alias name 'modern' says nothing about a tokenizer: the admission is o200k's as well, but the fast
        // estimate's upper bound, never below the exact count (no window or token guardrail near it to settle).
        long admittedWith = admitted(f.evaluator.evaluate(p, app, modern)).inputTokens();
        assertThat(admittedWith).isEqualTo(new TokenEstimator(0).estimate(modern, "gpt-4o").upper())
                .isGreaterThanOrEqualTo(o200k.inputTokens());
        assertThat(rejected(f.evaluator.evaluate(p, app, modern)).status()).isEqualTo(429);

        assertThat(f.evaluator.count(p, app, f.chat("nope", "hi")).rejection().status()).isEqualTo(404);
        assertThat(f.evaluator.count(p, app, f.chat("other", "hi")).rejection().code()).isEqualTo("model_not_allowed");
        assertThat(f.evaluator.count(p, Caller.consumer("stranger"), modern).rejection().code()).isEqualTo("unknown_team");
    }

    @Test
    void aRelayReservesTheSameBudgetsForAGatewaysDecision() {
        CompiledPolicy p = EvaluatorFixture.policy("""
                version: 1
                providers: { a: { type: simulated } }
                models: { m: { candidates: [ { provider: a, model: x, price: { output_per_mtok: 1000 } } ] } }
                teams:
                  t:
                    consumers: [app]
                    budget: { amount_usd: 3, period: daily }
                    keys: [ { id: k, budget: { amount_usd: 1.5, period: daily } } ]
                """);
        PolicyEvaluator.BudgetAdmission first = f.evaluator.reserveBudgets(p, "t", "k", 1_000_000);
        assertThat(first.rejection()).isNull();
        first.admission().settle(0, 1_000_000);

        PolicyEvaluator.BudgetAdmission keyBroke = f.evaluator.reserveBudgets(p, "t", "k", 1_000_000);
        assertThat(keyBroke.admission()).isNull();
        assertThat(keyBroke.rejection().status()).isEqualTo(402);
        assertThat(keyBroke.rejection().message()).contains("key:k");

        PolicyEvaluator.BudgetAdmission teamOnly = f.evaluator.reserveBudgets(p, "t", null, 1_000_000);
        assertThat(teamOnly.rejection()).as("the refused key reservation gave the team's back").isNull();
        teamOnly.admission().settle(0, 2_000_000);
        assertThat(f.evaluator.reserveBudgets(p, "t", null, 1).rejection().code()).isEqualTo("budget_exhausted");
        assertThat(f.evaluator.reserveBudgets(p, "nobody", null, 1).rejection()).as("no budget, nothing to hold").isNull();
    }

    @Test
    void budgetsOfNamesExactlyTheBudgetsTheEvaluatorReserves() {
        CompiledPolicy p = EvaluatorFixture.policy("""
                version: 1
                providers: { a: { type: simulated } }
                models: { m: { candidates: [ { provider: a, model: x, price: { output_per_mtok: 1 } } ] } }
                teams:
                  t:
                    budget: { amount_usd: 3, period: daily }
                    keys: [ { id: k, budget: { amount_usd: 1.5, period: weekly } }, { id: plain } ]
                  u:
                    keys: [ { id: j, budget: { amount_usd: 2, period: monthly } } ]
                """);
        assertThat(scopes(p.budgetsOf("t", "k"))).containsExactly("team:t", "key:k");
        assertThat(scopes(p.budgetsOf("t", "plain"))).containsExactly("team:t");
        assertThat(scopes(p.budgetsOf("t", null))).containsExactly("team:t");
        assertThat(scopes(p.budgetsOf("u", "j"))).containsExactly("key:j");
        assertThat(scopes(p.budgetsOf(null, "k"))).containsExactly("key:k");
        assertThat(p.budgetsOf("nobody", "unknown")).isEmpty();
        assertThat(p.budgetsOf("t", "k").get(1).budget().period()).isEqualTo(BudgetPeriod.WEEKLY);

        for (String key : List.of("k", "plain", "j")) {
            Decision.Admitted admitted = admitted(f.evaluator.evaluate(p, Caller.key(key), f.chat("m", "hi")));
            assertThat(admitted.trace().limits().stream().filter(l -> l.contains(" budget ")).map(l -> l.substring(0, l.indexOf(' '))))
                    .as("what %s's request reserved", key).containsExactlyElementsOf(scopes(p.budgetsOf(admitted.team(), key)));
        }
    }

    private static List<String> scopes(List<CompiledPolicy.ScopedBudget> budgets) {
        return budgets.stream().map(CompiledPolicy.ScopedBudget::scope).toList();
    }

    @Test
    void releasedReservationsReturnToTheBudget() {
        CompiledPolicy p = EvaluatorFixture.policy("""
                version: 1
                providers: { a: { type: simulated } }
                models: { m: { candidates: [ { provider: a, model: x, price: { output_per_mtok: 1000 } } ] } }
                teams: { t: { consumers: [app], budget: { amount_usd: 1, period: monthly } } }
                """);
        var req = f.chat("{\"model\":\"m\",\"max_tokens\":1000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        Decision.Admitted held = admitted(f.evaluator.evaluate(p, Caller.consumer("app"), req));
        assertThat(rejected(f.evaluator.evaluate(p, Caller.consumer("app"), req)).code()).isEqualTo("budget_exhausted");
        held.admission().release();
        admitted(f.evaluator.evaluate(p, Caller.consumer("app"), req));
    }

    @Test
    void concurrentRequestsNeverOverspendAHardBudget() throws Exception {
        CompiledPolicy p = EvaluatorFixture.policy("""
                version: 1
                providers: { a: { type: simulated } }
                models: { m: { candidates: [ { provider: a, model: x, price: { output_per_mtok: 1000 } } ] } }
                teams: { t: { consumers: [app], budget: { amount_usd: 37, period: monthly } } }
                """);
        var req = f.chat("{\"model\":\"m\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"); // 0.1 USD
        java.util.concurrent.atomic.AtomicLong settled = new java.util.concurrent.atomic.AtomicLong();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            futures.add(pool.submit(() -> {
                if (f.evaluator.evaluate(p, Caller.consumer("app"), req) instanceof Decision.Admitted a) {
                    a.admission().settle(100, a.reservedMicros());
                    settled.addAndGet(a.reservedMicros());
                }
            }));
        }
        for (var future : futures) {
            future.get();
        }
        pool.shutdown();
        assertThat(settled.get()).isEqualTo(37_000_000L); // exactly 370 admitted, none beyond the cap
    }
}
