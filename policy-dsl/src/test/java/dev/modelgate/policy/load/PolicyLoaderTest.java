package dev.modelgate.policy.load;

import dev.modelgate.policy.model.Policy;
import dev.modelgate.policy.model.ProviderType;
import dev.modelgate.policy.model.Strategy;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PolicyLoaderTest {

    private static final String BASE = """
            version: 1
            providers:
              sim: { type: simulated, region: eu, zdr: true }
              openai: { type: openai, credential: openai-prod, region: us }
            models:
              chat:
                candidates:
                  - { provider: openai, model: gpt-4o-mini, price: { input_per_mtok: 0.15, output_per_mtok: 0.60 } }
                  - { provider: sim, model: sim-chat }
            """;

    private final PolicyLoader loader = new PolicyLoader(new EnvInterpolator(Map.of("REGION", "eu", "RPM", "120")::get));

    private static PolicySource file(String name, String yaml) {
        return new PolicySource(name, yaml.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> problems(PolicySource... files) {
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> loader.load(List.of(files)));
        assertThat(e).as("policy should have been refused").isNotNull();
        return e.problems().stream().map(PolicyProblem::toString).toList();
    }

    @Test
    void loadsAValidPolicyWithDefaultsAndExactPrices() throws Exception {
        Policy policy = loader.load(List.of(file("p.yaml", BASE))).policy();

        assertThat(policy.providers()).containsKeys("sim", "openai");
        assertThat(policy.providers().get("sim").type()).isEqualTo(ProviderType.SIMULATED);
        assertThat(policy.models().get("chat").strategy()).isEqualTo(Strategy.PRIORITY);
        var price = policy.models().get("chat").candidates().get(0).price();
        assertThat(price.inputPerMtok()).isEqualByComparingTo(new BigDecimal("0.15"));
        assertThat(price.inputPerMtok().toPlainString()).isEqualTo("0.15");
        assertThat(price.cachedInputPrice()).isEqualByComparingTo("0.15");
        assertThat(policy.settings().timezone()).isEqualTo("UTC");
        assertThat(policy.models().get("chat").candidates().get(1).deploymentId()).isEqualTo("sim/sim-chat");
    }

    @Test
    void reportsEveryProblemAtOnceWithFileLineAndColumn() {
        List<String> problems = problems(file("bad.yaml", """
                version: 1
                providers:
                  openai: { type: openia, credential: openai-prod }
                  vllm: { type: openai-compatible }
                models:
                  chat:
                    candidates:
                      - { provider: opnai, model: gpt-4o, price: { input_per_mtok: -1 } }
                teams:
                  a:
                    allow_models: [chat, nope]
                    limits: { rpm: "lots" }
                    budgte: { amount_usd: 10, period: monthly }
                """));

        assertThat(problems).containsExactly(
                "bad.yaml:3:19: 'openia' is not a valid value for 'providers.openai.type'. Did you mean 'openai'?",
                "bad.yaml:4:9: provider 'vllm' of type openai-compatible needs base_url (e.g. http://vllm.internal:8000/v1)",
                "bad.yaml:8:21: unknown provider 'opnai'. Did you mean 'openai'? Declare it under 'providers'",
                "bad.yaml:8:68: 'input_per_mtok' must not be negative",
                "bad.yaml:11:26: unknown model alias 'nope'. Allowed: chat. Declare it under 'models'",
                "bad.yaml:12:20: expected a whole number for 'teams.a.limits.rpm', got the string \"lots\"",
                "bad.yaml:13:5: unknown key 'budgte' in 'teams.a'. Did you mean 'budget'?");
    }

    @Test
    void refusesMatchPatternsWithoutAStarWithOddCharactersOrListedByTwoAliases() {
        List<String> problems = problems(file("p.yaml", BASE + """
                  a: { match: ["claude-*", "gpt-4o"], candidates: [ { provider: sim, model: x } ] }
                  b: { match: ["claude-*", "gpt 5*"], candidates: [ { provider: sim, model: y } ] }
                """));

        assertThat(problems).containsExactlyInAnyOrder(
                "p.yaml:10:28: match pattern 'gpt-4o' has no '*': to route exactly that name, make 'gpt-4o' an alias of its own,"
                        + " or write 'gpt-4o*' to match every name that starts with it",
                "p.yaml:11:16: match pattern 'claude-*' is also listed by alias 'a'; a name must route to one alias, so keep it in one of them",
                "p.yaml:11:28: match pattern 'gpt 5*' may hold only letters, digits, '.', '_', ':', '/', '@', '-' and '*' (any characters)");
    }

    @Test
    void refusesFallbackCyclesSelfReferencesAndBadRulesAndGuardrails() {
        List<String> problems = problems(file("p.yaml", BASE + """
                  a: { candidates: [ { provider: sim, model: x } ], fallbacks: [b] }
                  b: { candidates: [ { provider: sim, model: y } ], fallbacks: [c] }
                  c: { candidates: [ { provider: sim, model: z } ], fallbacks: [a, c] }
                rules:
                  - { id: r1, when: "estimated_input_tokens >", route_to: chat }
                  - { id: r1, when: "team == 'x'", route_to: chta }
                  - { id: r3, when: "tags['x'] == 'y'" }
                guardrails:
                  - { id: g, detect: regex, pattern: "([a-z", action: deny }
                  - { id: k, detect: keywords, action: log }
                  - { id: m, detect: model_denylist, action: redact, models: [x] }
                  - { id: o, detect: max_input_tokens, max_tokens: 10, action: deny, applies_to: output }
                """));

        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("p.yaml:12:").contains("falls back to itself"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("fallbacks form a cycle: a -> b -> c -> a"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("p.yaml:14:21").contains("condition does not compile, column 25"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("p.yaml:15:11").contains("rule id 'r1' is already used"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("unknown model alias 'chta'. Did you mean 'chat'?"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("rule 'r3' needs exactly one of route_to"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("p.yaml:18:38").contains("pattern does not compile: Unclosed character class"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("guardrail 'k' (keywords) needs a non-empty 'keywords' list"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("guardrail 'm' cannot redact"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("p.yaml:21:").contains("guardrail 'o' cannot read answers"));
    }

    @Test
    void teamsMayOnlyReferToWhatExistsAndOwnTheirConsumersAndKeys() {
        List<String> problems = problems(file("p.yaml", BASE + """
                teams:
                  a:
                    consumers: [app]
                    keys: [{ id: k1 }]
                    data_policy: { blocked_providers: [opeanai] }
                    budget: { amount_usd: 5, period: daily, timezone: Mars/Olympus }
                  b:
                    consumers: [app]
                    keys: [{ id: k1 }]
                    allow_models: [chat]
                    model_limits: { other: { rpm: 1 } }
                """));

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("unknown provider 'opeanai'. Did you mean 'openai'?"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("'Mars/Olympus' is not a time zone"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("p.yaml:17:17").contains("consumer 'app' already belongs to team 'a'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("key id 'k1' is already used by team 'a'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("unknown model alias 'other'"));
    }

    @Test
    void composesFilesAndNamesBothPlacesOfADuplicateId() throws Exception {
        PolicySource teams = file("teams/a.yaml", """
                version: 1
                teams:
                  a: { consumers: [app], limits: { rpm: "${RPM}" } }
                rules:
                  - { id: second, when: "true", route_to: chat }
                """);
        PolicySource rules = file("rules.yaml", """
                version: 1
                rules:
                  - { id: first, when: "false", route_to: chat }
                """);
        LoadedPolicy loaded = loader.load(List.of(file("base.yaml", BASE), rules, teams));

        assertThat(loaded.policy().rules()).extracting(r -> r.id()).containsExactly("first", "second");
        assertThat(loaded.policy().teams().get("a").limits().rpm()).isEqualTo(120L);
        assertThat(loaded.sources().valueAt("/rules/1/id").toString()).isEqualTo("teams/a.yaml:5:11");

        List<String> problems = problems(file("base.yaml", BASE), file("more.yaml", """
                version: 1
                providers:
                  sim: { type: simulated }
                """));
        assertThat(problems).containsExactly("more.yaml:3:3: provider 'sim' is already defined at base.yaml:3:3; ids must be unique across files");
    }

    @Test
    void interpolatesEnvironmentButNeverSecrets() throws Exception {
        Policy policy = loader.load(List.of(file("p.yaml", """
                version: 1
                providers:
                  sim: { type: simulated, region: "${REGION}", base_url: "${SIM_URL:-http://127.0.0.1:1/v1}" }
                  lit: { type: simulated, region: "$${NOT_EXPANDED}" }
                models: { chat: { candidates: [ { provider: sim, model: m } ] } }
                """))).policy();
        assertThat(policy.providers().get("sim").region()).isEqualTo("eu");
        assertThat(policy.providers().get("sim").baseUrl()).isEqualTo("http://127.0.0.1:1/v1");
        assertThat(policy.providers().get("lit").region()).isEqualTo("${NOT_EXPANDED}");

        assertThat(problems(file("p.yaml", """
                version: 1
                settings: { timezone: "${MISSING}" }
                providers:
                  openai: { type: openai, credential: "${OPENAI_API_KEY}" }
                """))).containsExactly(
                "p.yaml:2:23: environment variable MISSING is not set; set it or give a default with ${MISSING:-value}",
                "p.yaml:4:39: ${OPENAI_API_KEY} looks like a secret; secrets never go into policy files. "
                        + "Store it in the credential vault and reference it by name (e.g. credential: openai-prod)");
    }

    @Test
    void supportsAnchorsAndMergeKeys() throws Exception {
        Policy policy = loader.load(List.of(file("p.yaml", """
                version: 1
                providers:
                  sim: { type: simulated }
                models:
                  chat:
                    candidates:
                      - &base { provider: sim, model: a, context_window: 1000, capabilities: [tools] }
                      - { <<: *base, model: b }
                """))).policy();
        var candidates = policy.models().get("chat").candidates();
        assertThat(candidates.get(1).model()).isEqualTo("b");
        assertThat(candidates.get(1).contextWindow()).isEqualTo(1000);
    }

    @Test
    void refusesHostileAndBrokenFilesWithAClearMessage() {
        StringBuilder bomb = new StringBuilder("version: 1\na: &a [x,x,x,x,x,x,x,x,x,x]\n");
        String previous = "a";
        for (char c = 'b'; c <= 'h'; c++) {
            bomb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 10; i++) {
                bomb.append(i == 0 ? "" : ",").append('*').append(previous);
            }
            bomb.append("]\n");
            previous = String.valueOf(c);
        }
        assertThat(problems(file("bomb.yaml", bomb.toString()))).singleElement().asString()
                .contains("alias bomb");

        byte[] huge = new byte[YamlReader.MAX_FILE_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) '#');
        assertThat(problems(new PolicySource("huge.yaml", huge))).singleElement().asString()
                .startsWith("huge.yaml:1:1: file is 4194305 bytes; policy files are limited to");

        assertThat(problems(new PolicySource("latin1.yaml", "version: 1\n# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1))))
                .containsExactly("latin1.yaml:2:6: file is not valid UTF-8; save it as UTF-8");
        assertThat(problems(file("m.yaml", "version: 1\nproviders:\n  x: {type: simulated\n"))).singleElement().asString()
                .startsWith("m.yaml:4:1: malformed YAML, while parsing a flow mapping: expected ',' or '}'");
        assertThat(problems(file("d.yaml", "version: 1\nversion: 1\n")))
                .containsExactly("d.yaml:2:1: duplicate key 'version' (first defined at line 1); remove one of them");
        assertThat(problems(file("e.yaml", "")))
                .containsExactly("e.yaml:1:1: file is empty; a policy file is a YAML mapping such as 'version: 1'");
        assertThat(problems(file("l.yaml", "- a\n- b\n")))
                .containsExactly("l.yaml:1:1: a policy file must be a YAML mapping (key: value), not a list");
        assertThat(problems(file("two.yaml", "version: 1\n---\nversion: 1\n"))).singleElement().asString()
                .contains("one YAML document");
        assertThat(problems(file("nov.yaml", "providers: {}\n")))
                .containsExactly("nov.yaml:1:1: missing 'version: 1' at the top of the policy");
        assertThat(problems(file("v2.yaml", "version: 2\n")))
                .containsExactly("v2.yaml:1:10: 'version' must be less than or equal to 1");
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        String deep = "version: 1\nx: " + "[".repeat(200) + "]".repeat(200) + "\n";
        assertThat(problems(file("deep.yaml", deep))).singleElement().asString().contains("nesting deeper than 64 levels");
    }

    @Test
    void everySampleVersionLoads() throws Exception {
        java.nio.file.Path samples = java.nio.file.Path.of("..", "sample-configs", "policies");
        List<java.nio.file.Path> sets = new ArrayList<>();
        try (var entries = java.nio.file.Files.list(samples)) {
            entries.forEach(sets::add);
        }
        assertThat(sets).hasSizeGreaterThanOrEqualTo(2);
        for (java.nio.file.Path set : sets) {
            LoadedPolicy loaded = new PolicyLoader(new EnvInterpolator(n -> null)).loadFiles(List.of(set));
            assertThat(loaded.policy().models()).as(set.toString()).isNotEmpty();
        }
        Policy enterprise = new PolicyLoader(new EnvInterpolator(n -> null))
                .loadFiles(List.of(samples.resolve("enterprise"))).policy();
        assertThat(enterprise.providers()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(enterprise.models()).hasSizeGreaterThanOrEqualTo(6);
        assertThat(enterprise.teams()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(enterprise.teams().get("legal").dataPolicy().regions()).containsExactly("eu");
    }

    @Test
    void reportsAMissingFileInsteadOfThrowing() {
        assertThatThrownBy(() -> loader.loadFiles(List.of(java.nio.file.Path.of("does-not-exist.yaml"))))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("does-not-exist.yaml:1:1: no such file");
    }

    @Test
    void followsASymlinkedPolicyDirectoryAsDeploysSwitchIt() throws Exception {
        java.nio.file.Path root = java.nio.file.Files.createTempDirectory("policy-links");
        java.nio.file.Path release = java.nio.file.Files.createDirectories(root.resolve("releases/abc123/teams"));
        java.nio.file.Files.writeString(release.getParent().resolve("policy.yaml"), BASE);
        java.nio.file.Path current = java.nio.file.Files.createSymbolicLink(root.resolve("current"), release.getParent());

        Policy policy = loader.loadFiles(List.of(current)).policy();
        assertThat(policy.models()).isNotEmpty();
    }

    @Test
    void anEmptyDirectoryIsNamedNotSilentlyIgnored() throws Exception {
        java.nio.file.Path empty = java.nio.file.Files.createTempDirectory("policy-empty");
        assertThatThrownBy(() -> loader.loadFiles(List.of(empty)))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining(empty + ":1:1: no *.yaml or *.yml files in this directory");
    }
}
