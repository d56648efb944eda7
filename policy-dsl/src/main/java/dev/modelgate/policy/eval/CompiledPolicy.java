package dev.modelgate.policy.eval;

import dev.modelgate.policy.guard.GuardEngine;
import dev.modelgate.policy.load.LoadedPolicy;
import dev.modelgate.policy.model.ApiKey;
import dev.modelgate.policy.model.Candidate;
import dev.modelgate.policy.model.DetectorKind;
import dev.modelgate.policy.model.Guardrail;
import dev.modelgate.policy.model.Budget;
import dev.modelgate.policy.model.Policy;
import dev.modelgate.policy.routing.AliasPatterns;
import dev.modelgate.policy.model.Rule;
import dev.modelgate.policy.model.Team;
import dev.modelgate.policy.rules.Condition;
import dev.modelgate.policy.tokens.InputTokens;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A policy prepared for evaluation: identity look-ups, compiled CEL rules and guardrail detectors,
 * all built once when the policy loads so that evaluation does no parsing or compiling.
 * Immutable: a reload builds a new one and the host swaps it in atomically.
 */
public final class CompiledPolicy {

    private final Policy policy;
    private final Map<String, String> teamByConsumer = new HashMap<>();
    private final Map<String, String> teamByKey = new HashMap<>();
    private final Map<String, ApiKey> keys = new HashMap<>();
    private final List<CompiledRule> rules = new ArrayList<>();
    private final List<ScopedBudget> budgets = new ArrayList<>();
    private final Map<String, ScopedBudget> teamBudgets = new HashMap<>();
    private final Map<String, ScopedBudget> keyBudgets = new HashMap<>();
    private final GuardEngine guards;
    private final AliasPatterns aliasPatterns;
    private final GuardVerdicts verdicts;
    /** Context windows of the deployments an alias can reach (its candidates and its fallbacks', transitively). */
    private final Map<String, long[]> contextWindows = new HashMap<>();
    /** Each max_input_tokens guardrail's limit. */
    private final long[] inputTokenLimits;
    private final ZoneId defaultZone;

    private CompiledPolicy(Policy policy) {
        this.policy = policy;
        policy.teams().forEach((id, team) -> {
            team.consumers().forEach(c -> teamByConsumer.put(c, id));
            if (team.budget() != null) {
                ScopedBudget b = new ScopedBudget(teamScope(id), id, false, team.budget());
                budgets.add(b);
                teamBudgets.put(id, b);
            }
            team.keys().forEach(k -> {
                teamByKey.put(k.id(), id);
                keys.put(k.id(), k);
                if (k.budget() != null) {
                    ScopedBudget b = new ScopedBudget(keyScope(k.id()), k.id(), true, k.budget());
                    budgets.add(b);
                    keyBudgets.put(k.id(), b);
                }
            });
        });
        for (Rule rule : policy.rules()) {
            try {
                rules.add(new CompiledRule(rule, Condition.compile(rule.when())));
            } catch (Condition.InvalidConditionException e) {
                // The loader refuses such policies; reaching here means the policy was built by hand.
                throw new IllegalArgumentException("rule " + rule.id() + ": " + e.getMessage(), e);
            }
        }
        this.guards = new GuardEngine(policy.guardrails());
        this.verdicts = new GuardVerdicts(guards, policy.guardrails(), GuardVerdicts.DEFAULT_MEMO_CHARS);
        policy.models().keySet().forEach(alias -> contextWindows.put(alias, reachableWindows(policy, alias)));
        this.inputTokenLimits = policy.guardrails().stream().filter(g -> g.detect() == DetectorKind.MAX_INPUT_TOKENS)
                .map(Guardrail::maxTokens).filter(Objects::nonNull).mapToLong(Number::longValue).distinct().sorted().toArray();
        this.defaultZone = ZoneId.of(policy.settings().timezone());
        this.aliasPatterns = new AliasPatterns(policy.models());
    }

    public static CompiledPolicy of(LoadedPolicy loaded) {
        return new CompiledPolicy(loaded.policy());
    }

    public static CompiledPolicy of(Policy policy) {
        return new CompiledPolicy(policy);
    }

    public Policy policy() {
        return policy;
    }

    /**
     * The alias a requested model name routes to: itself when it is an alias, else the alias whose {@code match}
     * pattern it matches first ({@link AliasPatterns}: exact beats pattern, then the longest pattern); null when neither.
     */
    public String aliasFor(String requested) {
        if (requested == null || policy.models().containsKey(requested)) {
            return requested;
        }
        return aliasPatterns.aliasFor(requested);
    }

    /** The team of a caller: an API key's team wins over the gateway consumer's. */
    public String teamOf(Caller caller) {
        if (caller.keyId() != null) {
            return teamByKey.get(caller.keyId());
        }
        return caller.consumer() == null ? null : teamByConsumer.get(caller.consumer());
    }

    public Team team(String id) {
        return policy.teams().get(id);
    }

    public ApiKey key(String keyId) {
        return keyId == null ? null : keys.get(keyId);
    }

    /**
     * Where a team's limits and budget are counted. Budget feeds and snapshots match on these names, so the
     * evaluator and {@link #budgets()} take them from here.
     */
    static String teamScope(String teamId) {
        return "team:" + teamId;
    }

    /** Where a key's limits and budget are counted. */
    static String keyScope(String keyId) {
        return "key:" + keyId;
    }

    /** Every budget of the policy, per team and per key, under the scope the evaluator reserves it in. */
    public List<ScopedBudget> budgets() {
        return List.copyOf(budgets);
    }

    /**
     * The budgets that spend of this team and key counts toward, in the order the evaluator reserves them: the
     * team's, then the key's. The one definition of it, for reservations and for spend reported afterwards alike.
     *
     * @param teamId null or unknown: no team budget
     * @param keyId  null or unknown: no key budget
     */
    public List<ScopedBudget> budgetsOf(String teamId, String keyId) {
        ScopedBudget team = teamId == null ? null : teamBudgets.get(teamId);
        ScopedBudget key = keyId == null ? null : keyBudgets.get(keyId);
        if (team == null) {
            return key == null ? List.of() : List.of(key);
        }
        return key == null ? List.of(team) : List.of(team, key);
    }

    /**
     * A budget and where its spend is kept.
     *
     * @param scope {@code team:<id>} or {@code key:<id>}
     * @param owner the team id or key id
     * @param key   true for a key's budget
     */
    public record ScopedBudget(String scope, String owner, boolean key, Budget budget) {
    }

    List<CompiledRule> rules() {
        return rules;
    }

    public GuardEngine guards() {
        return guards;
    }

    /** The guardrails' verdicts with per-text memory: the same outcomes as {@link #guards()}. */
    GuardVerdicts verdicts() {
        return verdicts;
    }

    /**
     * Whether an input-token estimate settles every threshold a request to {@code alias} (and the request's own
     * fallback aliases) can meet: the context window of each deployment it can reach, given the request's output
     * tokens, and each max_input_tokens guardrail. When it does not, the evaluator counts exactly. Team filters
     * and health are left out, so the set is a superset: an exact count where none was needed costs time, never
     * a wrong decision.
     */
    boolean settles(InputTokens estimate, long outputTokens, String alias, List<String> extraAliases) {
        if (!settles(estimate, outputTokens, contextWindows.get(alias))) {
            return false;
        }
        for (String extra : extraAliases) {
            if (!settles(estimate, outputTokens, contextWindows.get(extra))) {
                return false;
            }
        }
        for (long limit : inputTokenLimits) {
            if (!estimate.decides(limit)) {
                return false;
            }
        }
        return true;
    }

    private static boolean settles(InputTokens estimate, long outputTokens, long[] windows) {
        if (windows != null) {
            for (long window : windows) {
                if (!estimate.decides(window - outputTokens)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Windows of the alias's candidates and of its policy fallbacks, breadth-first as the router walks them. */
    private static long[] reachableWindows(Policy policy, String alias) {
        List<String> queue = new ArrayList<>(List.of(alias));
        Set<String> seen = new HashSet<>(queue);
        Set<Long> windows = new TreeSet<>();
        for (int i = 0; i < queue.size(); i++) {
            var model = policy.models().get(queue.get(i));
            if (model == null) {
                continue;
            }
            for (Candidate candidate : model.candidates()) {
                if (candidate.contextWindow() != null) {
                    windows.add(candidate.contextWindow().longValue());
                }
            }
            for (String fallback : model.fallbacks()) {
                if (seen.add(fallback)) {
                    queue.add(fallback);
                }
            }
        }
        return windows.stream().mapToLong(Long::longValue).toArray();
    }

    public ZoneId zone(String override) {
        return override == null ? defaultZone : ZoneId.of(override);
    }

    record CompiledRule(Rule rule, Condition condition) {
    }
}
