package dev.modelgate.policy.validate;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.modelgate.policy.model.ApiKey;
import dev.modelgate.policy.model.Budget;
import dev.modelgate.policy.model.Candidate;
import dev.modelgate.policy.model.DataPolicy;
import dev.modelgate.policy.model.DetectorKind;
import dev.modelgate.policy.model.GuardAction;
import dev.modelgate.policy.model.Guardrail;
import dev.modelgate.policy.model.ModelAlias;
import dev.modelgate.policy.model.Policy;
import dev.modelgate.policy.model.Provider;
import dev.modelgate.policy.model.Rule;
import dev.modelgate.policy.model.Team;
import dev.modelgate.policy.rules.Condition;
import dev.modelgate.policy.spelling.Suggestions;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static dev.modelgate.policy.validate.JsonPointers.segment;

/**
 * Checks that annotations cannot express: references between sections, uniqueness across files,
 * fallback cycles, compilable CEL and regexes, and fields each provider type or detector requires.
 */
public final class SemanticChecks {

    private final Policy policy;
    private final List<Finding> findings = new ArrayList<>();

    private SemanticChecks(Policy policy) {
        this.policy = policy;
    }

    public static List<Finding> check(Policy policy) {
        SemanticChecks checks = new SemanticChecks(policy);
        checks.settings();
        checks.providers();
        checks.models();
        checks.rules();
        checks.teams();
        checks.guardrails();
        return checks.findings;
    }

    private void settings() {
        zone(policy.settings().timezone(), "/settings/timezone");
    }

    private void providers() {
        policy.providers().forEach((id, provider) -> {
            String at = "/providers/" + segment(id);
            if (provider.type() == null) {
                return;
            }
            if (provider.type().requiresBaseUrl() && provider.baseUrl() == null) {
                findings.add(Finding.at(at, "provider '" + id + "' of type " + typeName(provider)
                        + " needs base_url (e.g. http://vllm.internal:8000/v1)"));
            }
            if (provider.type().requiresCredential() && provider.credential() == null) {
                findings.add(Finding.at(at, "provider '" + id + "' of type " + typeName(provider)
                        + " needs credential: the name of its key in the relay's vault (e.g. credential: " + id + "-prod)"));
            }
        });
    }

    private static String typeName(Provider provider) {
        return provider.type().name().toLowerCase().replace('_', '-');
    }

    private void models() {
        Map<String, String> patternOwners = new HashMap<>();
        policy.models().forEach((alias, model) -> {
            String at = "/models/" + segment(alias);
            for (int i = 0; i < model.match().size(); i++) {
                matchPattern(alias, model.match().get(i), at + "/match/" + i, patternOwners);
            }
            Set<String> deployments = new HashSet<>();
            for (int i = 0; i < model.candidates().size(); i++) {
                Candidate c = model.candidates().get(i);
                String cat = at + "/candidates/" + i;
                if (c == null) {
                    continue;
                }
                providerRef(c.provider(), cat + "/provider");
                Set<java.time.LocalDate> days = new HashSet<>();
                if (c.price().effectiveFrom() != null) {
                    days.add(c.price().effectiveFrom());
                }
                for (int p = 0; p < c.priceSchedule().size(); p++) {
                    var scheduled = c.priceSchedule().get(p);
                    if (scheduled == null) {
                        continue;
                    }
                    if (scheduled.effectiveFrom() == null) {
                        findings.add(Finding.at(cat + "/price_schedule/" + p, "a scheduled price needs 'effective_from' (YYYY-MM-DD)"));
                    } else if (!days.add(scheduled.effectiveFrom())) {
                        findings.add(Finding.at(cat + "/price_schedule/" + p, "two prices take effect on " + scheduled.effectiveFrom()
                                + "; keep one"));
                    }
                }
                if (c.provider() != null && c.model() != null && !deployments.add(c.deploymentId())) {
                    findings.add(Finding.at(cat, "deployment " + c.deploymentId() + " is listed twice in '" + alias
                            + "'; list each deployment once"));
                }
            }
            for (int i = 0; i < model.fallbacks().size(); i++) {
                String fallback = model.fallbacks().get(i);
                if (alias.equals(fallback)) {
                    findings.add(Finding.at(at + "/fallbacks/" + i, "alias '" + alias + "' falls back to itself; remove it from its own fallbacks"));
                } else {
                    aliasRef(fallback, at + "/fallbacks/" + i);
                }
            }
        });
        fallbackCycles();
    }

    /**
     * A {@code match} pattern: it must hold a {@code *} (an exact name is an alias of its own) and only the
     * characters model ids are made of, and no two aliases may list the same pattern (which would win is not
     * something a reader should have to look up).
     */
    private void matchPattern(String alias, String pattern, String at, Map<String, String> owners) {
        if (pattern == null || pattern.isBlank()) {
            findings.add(Finding.at(at, "a match pattern cannot be empty; write one like 'claude-*'"));
            return;
        }
        if (pattern.indexOf('*') < 0) {
            findings.add(Finding.at(at, "match pattern '" + pattern + "' has no '*': to route exactly that name, make '"
                    + pattern + "' an alias of its own, or write '" + pattern + "*' to match every name that starts with it"));
            return;
        }
        if (!dev.modelgate.policy.model.ModelAlias.PATTERN_SYNTAX.matcher(pattern).matches()) {
            findings.add(Finding.at(at, "match pattern '" + pattern + "' may hold only letters, digits, '.', '_', ':', '/', '@', '-'"
                    + " and '*' (any characters)"));
            return;
        }
        String owner = owners.putIfAbsent(pattern, alias);
        if (owner != null && !owner.equals(alias)) {
            findings.add(Finding.at(at, "match pattern '" + pattern + "' is also listed by alias '" + owner
                    + "'; a name must route to one alias, so keep it in one of them"));
        }
    }

    /** Depth-first search over alias → fallbacks; a back edge is a cycle, reported once with its path. */
    private void fallbackCycles() {
        Map<String, Integer> state = new HashMap<>(); // 1 = on the current path, 2 = done
        for (String alias : policy.models().keySet()) {
            visit(alias, new ArrayList<>(), state);
        }
    }

    private void visit(String alias, List<String> path, Map<String, Integer> state) {
        Integer s = state.get(alias);
        if (s != null && s == 2) {
            return;
        }
        if (s != null && s == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(alias), path.size()));
            cycle.add(alias);
            if (cycle.size() > 2) { // a self-reference is reported on its own, more precisely
                findings.add(Finding.at("/models/" + segment(path.get(path.size() - 1)) + "/fallbacks",
                        "fallbacks form a cycle: " + String.join(" -> ", cycle) + "; break it by removing one fallback"));
            }
            return;
        }
        ModelAlias model = policy.models().get(alias);
        if (model == null) {
            return;
        }
        state.put(alias, 1);
        path.add(alias);
        for (String next : model.fallbacks()) {
            if (!next.equals(alias)) {
                visit(next, path, state);
            }
        }
        path.remove(path.size() - 1);
        state.put(alias, 2);
    }

    private void rules() {
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < policy.rules().size(); i++) {
            Rule rule = policy.rules().get(i);
            String at = "/rules/" + i;
            if (rule == null) {
                continue;
            }
            unique(ids, rule.id(), i, "/rules", "rule");
            if ((rule.routeTo() == null) == (rule.deny() == null)) {
                findings.add(Finding.at(at, "rule '" + rule.id() + "' needs exactly one of route_to (an alias) or deny (a message)"));
            }
            if (rule.routeTo() != null) {
                aliasRef(rule.routeTo(), at + "/route_to");
            }
            if (rule.when() != null) {
                try {
                    Condition.compile(rule.when());
                } catch (Condition.InvalidConditionException e) {
                    findings.add(Finding.at(at + "/when", "condition does not compile, " + oneLine(e.getMessage())));
                }
            }
        }
    }

    private void teams() {
        Map<String, String> consumerOwner = new HashMap<>();
        Map<String, String> keyOwner = new HashMap<>();
        policy.teams().forEach((teamId, team) -> {
            String at = "/teams/" + segment(teamId);
            for (int i = 0; i < team.consumers().size(); i++) {
                String consumer = team.consumers().get(i);
                String owner = consumerOwner.putIfAbsent(consumer, teamId);
                if (owner != null) {
                    findings.add(Finding.at(at + "/consumers/" + i, "consumer '" + consumer + "' already belongs to team '"
                            + owner + "'; a consumer identifies exactly one team"));
                }
            }
            for (int i = 0; i < team.keys().size(); i++) {
                ApiKey key = team.keys().get(i);
                if (key == null || key.id() == null) {
                    continue;
                }
                String owner = keyOwner.putIfAbsent(key.id(), teamId);
                if (owner != null) {
                    findings.add(Finding.at(at + "/keys/" + i + "/id", "key id '" + key.id() + "' is already used by team '"
                            + owner + "'; key ids are unique across teams"));
                }
                budgetZone(key.budget(), at + "/keys/" + i + "/budget/timezone");
            }
            for (int i = 0; i < team.allowModels().size(); i++) {
                String alias = team.allowModels().get(i);
                if (!"*".equals(alias)) {
                    aliasRef(alias, at + "/allow_models/" + i);
                }
            }
            team.modelLimits().keySet().forEach(alias -> {
                String lat = at + "/model_limits/" + segment(alias);
                if (aliasRef(alias, lat) && !team.allows(alias)) {
                    findings.add(Finding.atKey(lat, "team '" + teamId + "' has limits for '" + alias
                            + "' but allow_models does not include it"));
                }
            });
            budgetZone(team.budget(), at + "/budget/timezone");
            dataPolicy(team.dataPolicy(), at + "/data_policy");
        });
    }

    private void dataPolicy(DataPolicy policy, String at) {
        for (int i = 0; i < policy.allowedProviders().size(); i++) {
            providerRef(policy.allowedProviders().get(i), at + "/allowed_providers/" + i);
        }
        for (int i = 0; i < policy.blockedProviders().size(); i++) {
            providerRef(policy.blockedProviders().get(i), at + "/blocked_providers/" + i);
        }
    }

    private void guardrails() {
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < policy.guardrails().size(); i++) {
            Guardrail g = policy.guardrails().get(i);
            String at = "/guardrails/" + i;
            if (g == null || g.detect() == null) {
                continue;
            }
            unique(ids, g.id(), i, "/guardrails", "guardrail");
            switch (g.detect()) {
                case REGEX -> regex(g, at);
                case KEYWORDS -> {
                    if (g.keywords().isEmpty() || g.keywords().stream().anyMatch(k -> k == null || k.isBlank())) {
                        findings.add(Finding.at(at, "guardrail '" + g.id() + "' (keywords) needs a non-empty 'keywords' list without blank entries"));
                    }
                }
                case MAX_INPUT_TOKENS -> {
                    if (g.maxTokens() == null) {
                        findings.add(Finding.at(at, "guardrail '" + g.id() + "' (max_input_tokens) needs max_tokens, e.g. max_tokens: 32000"));
                    }
                }
                case MODEL_ALLOWLIST, MODEL_DENYLIST -> {
                    if (g.models().isEmpty()) {
                        findings.add(Finding.at(at, "guardrail '" + g.id() + "' (" + g.detect().name().toLowerCase()
                                + ") needs a non-empty 'models' list"));
                    }
                }
                default -> {
                }
            }
            if (!g.regions().isEmpty() && g.detect() != DetectorKind.PHONE) {
                findings.add(Finding.at(at + "/regions", "guardrail '" + g.id() + "': regions are for detect: phone"));
            }
            for (int r = 0; r < g.regions().size(); r++) {
                String region = g.regions().get(r);
                if (g.detect() == DetectorKind.PHONE && (region == null || !PhoneNumberUtil.getInstance().getSupportedRegions().contains(region))) {
                    findings.add(Finding.at(at + "/regions/" + r, "guardrail '" + g.id() + "': '" + region
                            + "' is not a region code with phone numbers; use ISO 3166 codes in upper case, e.g. DE, FR, JP"));
                }
            }
            if (g.threshold() != null && g.detect() != DetectorKind.PROMPT_INJECTION) {
                findings.add(Finding.at(at + "/threshold", "guardrail '" + g.id() + "': threshold is for detect: prompt_injection"));
            }
            if (!g.allow().isEmpty() && !g.detect().scansText()) {
                findings.add(Finding.at(at + "/allow", "guardrail '" + g.id() + "': allow lists values found in text; "
                        + g.detect().name().toLowerCase() + " finds none"));
            }
            if (g.appliesTo().output() && !g.detect().scansText()) {
                findings.add(Finding.at(at + "/applies_to", "guardrail '" + g.id() + "' cannot read answers: "
                        + g.detect().name().toLowerCase() + " judges the request, not text; use applies_to: input"));
            }
            if (g.action() == GuardAction.REDACT && !g.detect().scansText()) {
                findings.add(Finding.at(at + "/action", "guardrail '" + g.id() + "' cannot redact: "
                        + g.detect().name().toLowerCase() + " does not find text to replace; use deny or log"));
            }
            for (int t = 0; t < g.scope().teams().size(); t++) {
                String team = g.scope().teams().get(t);
                if (!policy.teams().containsKey(team)) {
                    findings.add(Finding.at(at + "/scope/teams/" + t, "unknown team '" + team + "'."
                            + Suggestions.hint(team, policy.teams().keySet())));
                }
            }
            for (int m = 0; m < g.scope().models().size(); m++) {
                aliasRef(g.scope().models().get(m), at + "/scope/models/" + m);
            }
        }
    }

    private void regex(Guardrail g, String at) {
        if (g.pattern() == null || g.pattern().isEmpty()) {
            findings.add(Finding.at(at, "guardrail '" + g.id() + "' (regex) needs a pattern, e.g. pattern: \"AKIA[0-9A-Z]{16}\""));
            return;
        }
        try {
            Pattern.compile(g.pattern());
        } catch (PatternSyntaxException e) {
            findings.add(Finding.at(at + "/pattern", "pattern does not compile: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "") + ". Use Java regular expression syntax"));
        }
    }

    private boolean providerRef(String id, String at) {
        if (id == null || policy.providers().containsKey(id)) {
            return true;
        }
        findings.add(Finding.at(at, "unknown provider '" + id + "'." + Suggestions.hint(id, policy.providers().keySet())
                + " Declare it under 'providers'"));
        return false;
    }

    private boolean aliasRef(String alias, String at) {
        if (alias == null || policy.models().containsKey(alias)) {
            return true;
        }
        findings.add(Finding.at(at, "unknown model alias '" + alias + "'." + Suggestions.hint(alias, policy.models().keySet())
                + " Declare it under 'models'"));
        return false;
    }

    private void unique(Map<String, Integer> seen, String id, int index, String section, String what) {
        if (id == null) {
            return;
        }
        Integer first = seen.putIfAbsent(id, index);
        if (first != null) {
            findings.add(Finding.at(section + "/" + index + "/id", what + " id '" + id + "' is already used by "
                    + what + " #" + (first + 1) + "; ids must be unique"));
        }
    }

    private void budgetZone(Budget budget, String at) {
        if (budget != null) {
            zone(budget.timezone(), at);
        }
    }

    private void zone(String zone, String at) {
        if (zone == null) {
            return;
        }
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            findings.add(Finding.at(at, "'" + zone + "' is not a time zone; use an IANA name such as UTC or Europe/Berlin"));
        }
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\n\\s*", " | ").trim();
    }
}
