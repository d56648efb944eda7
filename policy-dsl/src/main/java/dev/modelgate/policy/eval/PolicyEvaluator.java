package dev.modelgate.policy.eval;

import dev.modelgate.policy.budget.Micros;
import dev.modelgate.policy.guard.GuardOutcome;
import dev.modelgate.policy.limits.ConcurrencyLimiter;
import dev.modelgate.policy.limits.LimitCheck;
import dev.modelgate.policy.limits.Permit;
import dev.modelgate.policy.limits.RateCounters;
import dev.modelgate.policy.model.ApiKey;
import dev.modelgate.policy.model.Budget;
import dev.modelgate.policy.model.Capability;
import dev.modelgate.policy.model.GuardAction;
import dev.modelgate.policy.model.Limits;
import dev.modelgate.policy.model.Team;
import dev.modelgate.policy.request.ParsedRequest;
import dev.modelgate.policy.routing.DroppedCandidate;
import dev.modelgate.policy.routing.HealthSource;
import dev.modelgate.policy.routing.RouteCandidate;
import dev.modelgate.policy.routing.RoutePlan;
import dev.modelgate.policy.routing.RouteQuery;
import dev.modelgate.policy.routing.Router;
import dev.modelgate.policy.rules.RequestAttributes;
import dev.modelgate.policy.tokens.InputTokens;
import dev.modelgate.policy.tokens.TokenEstimator;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * The one implementation of Modelgate's policy decision, shared by every host (APISIX runner, Kong
 * plugin server, standalone relay). Steps, cheapest refusal first: identity, alias and team access,
 * token estimate, CEL rules, guardrails, routing, then rate limits, concurrency and budgets, which
 * reserve only once everything else said yes. Pure computation over in-memory state: no I/O.
 */
public final class PolicyEvaluator {

    /** Output tokens assumed for cost and TPM when a chat or completion request sets no maximum. */
    static final int DEFAULT_OUTPUT_TOKENS = 1024;

    private final TokenEstimator tokens;
    private final RateCounters counters;
    private final ConcurrencyLimiter concurrency;
    private final Budgets budgets;
    private final HealthSource health;
    private final Clock clock;
    /** When present, every hold of a request is taken in one step (one round trip to shared state). */
    private final OneStepAdmission oneStep;

    /** The token estimator decisions count with; the relay counts an interrupted stream's delivered text with it too. */
    public TokenEstimator tokens() {
        return tokens;
    }

    public PolicyEvaluator(TokenEstimator tokens, RateCounters counters, ConcurrencyLimiter concurrency,
                           Budgets budgets, HealthSource health, Clock clock) {
        this(tokens, counters, concurrency, budgets, health, clock, null);
    }

    /**
     * @param oneStep takes the rate windows, slots and budget holds of a request together (null: one by one,
     *                through {@code counters}, {@code concurrency} and {@code budgets}); {@code counters} still
     *                corrects the token windows when a request ends
     */
    public PolicyEvaluator(TokenEstimator tokens, RateCounters counters, ConcurrencyLimiter concurrency,
                           Budgets budgets, HealthSource health, Clock clock, OneStepAdmission oneStep) {
        this.oneStep = oneStep;
        this.tokens = tokens;
        this.counters = counters;
        this.concurrency = concurrency;
        this.budgets = budgets;
        this.health = health;
        this.clock = clock;
    }

    public Decision evaluate(CompiledPolicy policy, Caller caller, ParsedRequest request) {
        TraceBuilder trace = new TraceBuilder();
        String teamId = policy.teamOf(caller);
        Rejection refused = access(policy, caller, teamId, request.model());
        if (refused != null) {
            return trace.reject(refused);
        }
        Team team = policy.team(teamId);
        ApiKey key = policy.key(caller.keyId());
        String requested = policy.aliasFor(request.model());
        if (!requested.equals(request.model())) {
            trace.notes.add("model '" + request.model() + "' routed to alias '" + requested + "' by its match pattern");
        }

        long outputTokens = expectedOutput(request);
        // The fast estimate's upper bound for rules, limits, budgets and routing, so nothing is undercounted;
        // an exact count only when the estimate's interval straddles a context window or a token guardrail.
        InputTokens estimate = tokens.estimate(request);
        long inputTokens = estimate.upper();
        String alias = requested;
        Map<String, Object> variables = policy.rules().isEmpty() ? Map.of()
                : attributes(teamId, caller, request, inputTokens, outputTokens).variables();
        for (CompiledPolicy.CompiledRule rule : policy.rules()) {
            if (rule.condition().test(variables)) {
                trace.rule = rule.rule().id();
                if (rule.rule().deny() != null) {
                    return trace.reject(Rejection.of(403, "permission_error", "denied_by_rule", rule.rule().deny()));
                }
                alias = rule.rule().routeTo();
                break;
            }
        }

        if (!policy.settles(estimate, outputTokens, alias, request.fallbackModels())) {
            inputTokens = tokens.exactInput(request);
        }
        String aliasDenied = policy.guards().aliasDeniedBy(teamId, alias);
        if (aliasDenied != null) {
            trace.guardrails.add(new Decision.GuardrailHit(aliasDenied, GuardAction.DENY, "model '" + alias + "' is on a deny list"));
            return trace.reject(guardrailRejection(aliasDenied, "a model on a deny list"));
        }
        GuardOutcome guard = policy.verdicts().check(teamId, alias, request.texts(), inputTokens);
        if (guard.denied()) {
            trace.guardrails.add(new Decision.GuardrailHit(guard.deniedBy(), GuardAction.DENY, guard.deniedWhat()));
            return trace.reject(guardrailRejection(guard.deniedBy(), guard.deniedWhat()));
        }
        guard.redactedBy().forEach(id -> trace.guardrails.add(new Decision.GuardrailHit(id, GuardAction.REDACT, null)));
        guard.loggedBy().forEach(id -> trace.guardrails.add(new Decision.GuardrailHit(id, GuardAction.LOG, null)));

        RoutePlan plan = route(policy, teamId, team, alias, request, inputTokens, outputTokens);
        trace.plan = plan;
        if (plan.isEmpty() && !plan.unsupportedParameters().isEmpty()) {
            // Some deployment would have served but for a parameter it ignores: the caller can fix that, so 400.
            String first = plan.unsupportedParameters().iterator().next();
            return trace.reject(new Rejection(400, "invalid_request_error", "unsupported_parameter",
                    "No deployment of model '" + alias + "' supports " + String.join(", ", plan.unsupportedParameters())
                            + ", and the request set provider.require_parameters. Remove the parameter or the"
                            + " requirement. Other reasons: " + reasons(plan.dropped()), first, null));
        }
        if (plan.contextExceeded()) {
            // Too long for every window it may use: the client's to shorten. OpenAI's 400, not a 503 that retrying
            // SDKs would send again and again; decided here, so the edge hosts and the relay answer alike.
            return trace.reject(new Rejection(400, "invalid_request_error", "context_length_exceeded",
                    "This model's maximum context length is " + plan.largestContextWindow() + " tokens. However, your request"
                            + " needs about " + plan.contextNeeded() + " tokens (the messages plus max_tokens, or the default"
                            + " reserved for the answer). Please reduce the length of the messages or max_tokens.", "messages", null));
        }
        if (plan.isEmpty()) {
            return trace.reject(Rejection.of(503, "service_unavailable", "no_available_provider",
                    "No deployment can serve model '" + alias + "' for this request: " + reasons(plan.dropped())));
        }
        long reserve = plan.kept().stream().mapToLong(RouteCandidate::estimatedCostMicros).max().orElse(0);

        List<LimitCheck> checks = limitChecks(teamId, team, key, alias, inputTokens + outputTokens, trace);
        Held held = oneStep != null ? holdInOneStep(policy, teamId, team, key, checks, reserve, trace)
                : holdStepByStep(policy, teamId, team, key, checks, reserve, trace);
        if (held.refused() != null) {
            return trace.reject(held.refused());
        }
        Admission admission = held.admission();
        byte[] redacted = guard.redactions().isEmpty() ? null : request.withTexts(guard.redactions());
        return new Decision.Admitted(teamId, key == null ? null : key.id(), alias, plan, inputTokens, outputTokens,
                reserve, redacted, redacted == null ? List.of() : guard.redactedBy(), admission, trace.build());
    }

    /** What the reservation steps came to: an admission holding everything, or the refusal (nothing held). */
    private record Held(Admission admission, Rejection refused) {
    }

    /** Rate windows, then slots, then budgets, one call each; whatever was taken is given back if a later step refuses. */
    private Held holdStepByStep(CompiledPolicy policy, String teamId, Team team, ApiKey key, List<LimitCheck> checks,
                                long reserve, TraceBuilder trace) {
        var rates = checks.isEmpty() ? null : counters.tryAdmit(checks, clock.millis());
        if (rates != null && !rates.allowed()) {
            return new Held(null, rateRejection(rates.failed(), rates.retryAfter()));
        }
        List<Permit> permits = new ArrayList<>(2);
        List<Admission.BudgetHold> holds = new ArrayList<>(2);
        Admission admission = new Admission(counters, rates == null ? null : rates.ticket(), permits, holds, clock);
        Rejection busy;
        Rejection broke;
        try {
            busy = enter(CompiledPolicy.teamScope(teamId), team.limits(), permits, trace);
            if (busy == null && key != null) {
                busy = enter(CompiledPolicy.keyScope(key.id()), key.limits(), permits, trace);
            }
            broke = busy != null ? null : reserve(policy, teamId, key == null ? null : key.id(), reserve, holds, trace);
        } catch (RuntimeException e) {
            // Shared state that stopped answering half-way: give back what was taken before the host decides.
            admission.release();
            throw e;
        }
        if (busy != null || broke != null) {
            admission.release();
            return new Held(null, busy != null ? busy : broke);
        }
        return new Held(admission, null);
    }

    /** The same holds, asked for together: refused as the steps one by one would refuse, with the same trace. */
    private Held holdInOneStep(CompiledPolicy policy, String teamId, Team team, ApiKey key, List<LimitCheck> checks,
                               long reserve, TraceBuilder trace) {
        List<OneStepAdmission.Slot> slots = new ArrayList<>(2);
        addSlot(slots, CompiledPolicy.teamScope(teamId), team.limits());
        if (key != null) {
            addSlot(slots, CompiledPolicy.keyScope(key.id()), key.limits());
        }
        List<OneStepAdmission.BudgetAsk> budgetAsks = new ArrayList<>(2);
        for (CompiledPolicy.ScopedBudget b : policy.budgetsOf(teamId, key == null ? null : key.id())) {
            budgetAsks.add(new OneStepAdmission.BudgetAsk(b.scope(), b.budget(), policy.zone(b.budget().timezone()), reserve));
        }
        OneStepAdmission.Answer answer = oneStep.admit(new OneStepAdmission.Ask(checks, slots, budgetAsks, clock.instant()));
        if (answer instanceof OneStepAdmission.RateRefused r) {
            return new Held(null, rateRejection(r.failed(), r.retryAfter()));
        }
        int slotsAsked = answer instanceof OneStepAdmission.Busy busy ? slots.indexOf(busy.slot()) + 1 : slots.size();
        slots.subList(0, slotsAsked).forEach(slot -> trace.limits.add(slotTrace(slot.scope(), slot.max())));
        if (answer instanceof OneStepAdmission.Busy busy) {
            return new Held(null, busyRejection(busy.slot().scope(), busy.slot().max()));
        }
        int budgetsAsked = answer instanceof OneStepAdmission.Broke broke ? budgetAsks.indexOf(broke.budget()) + 1 : budgetAsks.size();
        budgetAsks.subList(0, budgetsAsked).forEach(b -> trace.limits.add(budgetTrace(b.scope(), b.budget())));
        if (answer instanceof OneStepAdmission.Broke broke) {
            return new Held(null, brokeRejection(broke.budget().scope(), broke.budget().budget(), broke.remainingMicros(), reserve));
        }
        OneStepAdmission.Taken taken = (OneStepAdmission.Taken) answer;
        taken.softExceeded().forEach(b -> trace.notes.add(softNote(b.scope())));
        return new Held(new Admission(counters, taken.ticket(), new ArrayList<>(taken.permits()), new ArrayList<>(taken.holds()), clock), null);
    }

    private static void addSlot(List<OneStepAdmission.Slot> slots, String scope, Limits limits) {
        if (limits != null && limits.maxConcurrent() != null) {
            slots.add(new OneStepAdmission.Slot(scope, limits.maxConcurrent()));
        }
    }

    /**
     * Input tokens of a request that is only counted, never answered (Anthropic's {@code count_tokens}): the
     * same identity, alias and team checks as {@link #evaluate}, then the exact count with the tokenizer of the
     * deployment the alias would route to now. Rules, guardrails, limits and budgets do not apply to a count,
     * and nothing is reserved. When no deployment is available the count is made with the alias name's
     * tokenizer, which is all a count needs. The deployment is named only when the guardrails would pass the
     * request's texts untouched, since a host may then show the body to that deployment's provider to count it.
     */
    public Count count(CompiledPolicy policy, Caller caller, ParsedRequest request) {
        String teamId = policy.teamOf(caller);
        Rejection refused = access(policy, caller, teamId, request.model());
        if (refused != null) {
            return new Count(0, refused);
        }
        long exact = tokens.exactInput(request);
        RoutePlan plan = route(policy, teamId, policy.team(teamId), policy.aliasFor(request.model()), request, exact,
                expectedOutput(request));
        if (plan.isEmpty()) {
            return new Count(exact, null);
        }
        RouteCandidate first = plan.kept().get(0);
        String alias = policy.aliasFor(request.model());
        GuardOutcome guard = policy.verdicts().check(teamId, alias, request.texts(), exact);
        boolean untouched = !guard.denied() && guard.redactions().isEmpty();
        return new Count(tokens.exactInput(request, first.candidate().model()), null, untouched ? first : null);
    }

    /** @param rejection null when counted; @param inputTokens 0 when refused */
    /**
     * @param deployment the deployment the alias would route to now, whose provider may be asked to count exactly; null
     *                   when there is none, or when a guardrail would deny or redact the request (then nothing of it may
     *                   reach a provider)
     */
    public record Count(long inputTokens, Rejection rejection, RouteCandidate deployment) {

        public Count(long inputTokens, Rejection rejection) {
            this(inputTokens, rejection, null);
        }
    }

    /** Identity, then the alias (named, or matched by a pattern): whether it exists and the team may use it (null when all hold). */
    private static Rejection access(CompiledPolicy policy, Caller caller, String teamId, String requested) {
        if (teamId == null) {
            return caller.consumer() == null && caller.keyId() == null
                    ? Rejection.of(401, "authentication_error", "missing_identity", "No caller identity: send an API key.")
                    : Rejection.of(403, "permission_error", "unknown_team",
                    "The caller is not assigned to any team in the Modelgate policy.");
        }
        Team team = policy.team(teamId);
        String alias = policy.aliasFor(requested);
        if (alias == null) {
            return new Rejection(404, "invalid_request_error", "model_not_found", "The model '" + requested
                    + "' does not exist. Available: " + String.join(", ", allowedAliases(policy, team)) + ".", "model", null);
        }
        if (!team.allows(alias)) {
            return new Rejection(403, "permission_error", "model_not_allowed", "Team '" + teamId + "' may not use model '"
                    + requested + "'" + (alias.equals(requested) ? "" : " (alias '" + alias + "')") + ".", "model", null);
        }
        return null;
    }

    private RoutePlan route(CompiledPolicy policy, String teamId, Team team, String alias, ParsedRequest request,
                            long inputTokens, long outputTokens) {
        return new Router(policy.policy(), health, ThreadLocalRandom::current, clock).route(new RouteQuery(alias,
                request.endpoint().generatesText(), request.fallbackModels(), required(request), inputTokens, outputTokens, team.dataPolicy(),
                request.provider(), policy.guards().modelFilter(teamId, alias), team::allows, request.parameters()));
    }

    /**
     * The budget step alone, for a relay executing a gateway node's decision: the relay is the hard caps'
     * backstop, so it reserves the team's and the key's budgets in its own ledger as the evaluator does.
     *
     * @return the admission holding the reservations, or the 402 rejection when a hard budget cannot cover {@code micros}
     */
    public BudgetAdmission reserveBudgets(CompiledPolicy policy, String teamId, String keyId, long micros) {
        TraceBuilder trace = new TraceBuilder();
        List<Admission.BudgetHold> holds = new ArrayList<>(2);
        Admission admission = new Admission(counters, null, List.of(), holds, clock);
        Rejection broke;
        try {
            broke = reserve(policy, teamId, keyId, micros, holds, trace);
        } catch (RuntimeException e) {
            admission.release(); // the team's hold, when the key's budget could not be asked
            throw e;
        }
        if (broke != null) {
            admission.release();
            return new BudgetAdmission(null, broke);
        }
        return new BudgetAdmission(admission, null);
    }

    /** @param admission null when refused; @param rejection null when admitted */
    public record BudgetAdmission(Admission admission, Rejection rejection) {
    }

    private static long expectedOutput(ParsedRequest request) {
        if (request.maxOutputTokens() > 0) {
            return request.maxOutputTokens();
        }
        return request.endpoint().generatesText()
                ? DEFAULT_OUTPUT_TOKENS : 0;
    }

    private static Set<Capability> required(ParsedRequest request) {
        Set<Capability> required = EnumSet.noneOf(Capability.class);
        switch (request.endpoint()) {
            case EMBEDDINGS -> required.add(Capability.EMBEDDINGS);
            case IMAGES_GENERATIONS -> required.add(Capability.IMAGES);
            case AUDIO_SPEECH, AUDIO_TRANSCRIPTIONS -> required.add(Capability.AUDIO);
            default -> {
                if (request.usesTools()) {
                    required.add(Capability.TOOLS);
                }
                if (!request.images().isEmpty()) {
                    required.add(Capability.VISION);
                }
                if (request.jsonMode()) {
                    required.add(Capability.JSON_MODE);
                }
                if (request.stream()) {
                    required.add(Capability.STREAMING);
                }
            }
        }
        return required;
    }

    private static RequestAttributes attributes(String team, Caller caller, ParsedRequest request, long inputTokens, long outputTokens) {
        return new RequestAttributes(team, caller.keyId(), request.model(), request.endpoint().name().toLowerCase(),
                inputTokens, outputTokens, request.stream(), request.usesTools(), request.images().size(),
                request.metadata(), caller.headers());
    }

    private List<LimitCheck> limitChecks(String teamId, Team team, ApiKey key, String alias, long tokens, TraceBuilder trace) {
        List<LimitCheck> checks = new ArrayList<>(6);
        addLimits(checks, CompiledPolicy.teamScope(teamId), team.limits(), tokens, trace);
        if (key != null) {
            addLimits(checks, CompiledPolicy.keyScope(key.id()), key.limits(), tokens, trace);
        }
        addLimits(checks, CompiledPolicy.teamScope(teamId) + "|alias:" + alias, team.modelLimits().get(alias), tokens, trace);
        return checks;
    }

    private static void addLimits(List<LimitCheck> checks, String scope, Limits limits, long tokens, TraceBuilder trace) {
        if (limits == null) {
            return;
        }
        if (limits.rpm() != null) {
            checks.add(LimitCheck.requestsPerMinute(scope, limits.rpm()));
            trace.limits.add(scope + " rpm " + limits.rpm());
        }
        if (limits.tpm() != null) {
            checks.add(LimitCheck.tokensPerMinute(scope, limits.tpm(), tokens));
            trace.limits.add(scope + " tpm " + limits.tpm() + " (this request: " + tokens + ")");
        }
    }

    private Rejection enter(String scope, Limits limits, List<Permit> permits, TraceBuilder trace) {
        if (limits == null || limits.maxConcurrent() == null) {
            return null;
        }
        trace.limits.add(slotTrace(scope, limits.maxConcurrent()));
        Optional<Permit> permit = concurrency.tryEnter(scope, limits.maxConcurrent());
        if (permit.isEmpty()) {
            return busyRejection(scope, limits.maxConcurrent());
        }
        permits.add(permit.get());
        return null;
    }

    /** The team's budget, then the key's: the first that cannot cover {@code micros} refuses (null: all hold). */
    private Rejection reserve(CompiledPolicy policy, String teamId, String keyId, long micros,
                              List<Admission.BudgetHold> holds, TraceBuilder trace) {
        for (CompiledPolicy.ScopedBudget b : policy.budgetsOf(teamId, keyId)) {
            Rejection broke = reserve(policy, b.scope(), b.budget(), micros, holds, trace);
            if (broke != null) {
                return broke;
            }
        }
        return null;
    }

    private Rejection reserve(CompiledPolicy policy, String scope, Budget budget, long micros,
                              List<Admission.BudgetHold> holds, TraceBuilder trace) {
        Budgets.Outcome outcome = budgets.reserve(scope, budget, policy.zone(budget.timezone()), micros, clock.instant());
        trace.limits.add(budgetTrace(scope, budget));
        if (outcome.hold() != null) {
            holds.add(outcome.hold());
            return null;
        }
        if (budget.enforcement() == Budget.Enforcement.SOFT) {
            trace.notes.add(softNote(scope));
            return null;
        }
        return brokeRejection(scope, budget, outcome.remainingMicros(), micros);
    }

    private static String slotTrace(String scope, int max) {
        return scope + " max_concurrent " + max;
    }

    private static String budgetTrace(String scope, Budget budget) {
        return scope + " budget " + budget.amountUsd().toPlainString() + " USD " + budget.period().name().toLowerCase()
                + " (" + budget.enforcement().name().toLowerCase() + ")";
    }

    private static String softNote(String scope) {
        return "soft budget of " + scope + " exceeded: request admitted, alert raised";
    }

    private static Rejection busyRejection(String scope, int max) {
        return new Rejection(429, "rate_limit_error", "concurrency_limit_exceeded", "Too many requests in flight for "
                + scope + " (limit " + max + "); retry when one finishes.", null, Duration.ofSeconds(1));
    }

    private static Rejection brokeRejection(String scope, Budget budget, long remainingMicros, long micros) {
        return Rejection.of(402, "insufficient_quota", "budget_exhausted", "The " + budget.period().name().toLowerCase()
                + " budget of " + scope + " (" + budget.amountUsd().toPlainString() + " USD) cannot cover this request: "
                + Micros.toUsd(remainingMicros).toPlainString() + " USD left, about "
                + Micros.toUsd(micros).toPlainString() + " USD needed.");
    }

    private static Rejection rateRejection(LimitCheck failed, Duration retryAfter) {
        String what = failed.kind().name().equals("REQUESTS") ? "requests" : "tokens";
        return new Rejection(429, "rate_limit_error", "rate_limit_exceeded", "Rate limit of " + failed.limit() + " " + what
                + " per minute reached for " + failed.key() + ".", null, retryAfter);
    }

    private static Rejection guardrailRejection(String id, String what) {
        return Rejection.of(403, "permission_error", "guardrail_denied",
                "Request blocked by guardrail '" + id + "': it contains " + what + ".");
    }

    private static List<String> allowedAliases(CompiledPolicy policy, Team team) {
        return policy.policy().models().keySet().stream().filter(team::allows).toList();
    }

    private static String reasons(List<DroppedCandidate> dropped) {
        return dropped.stream().map(d -> d.deploymentId() + " (" + d.reason() + ")").collect(Collectors.joining("; "));
    }

    /** Collects the trace while evaluating. */
    private static final class TraceBuilder {
        String rule;
        RoutePlan plan;
        final List<Decision.GuardrailHit> guardrails = new ArrayList<>(2);
        final List<String> limits = new ArrayList<>(4);
        final List<String> notes = new ArrayList<>(1);

        Decision.Trace build() {
            return new Decision.Trace(rule, guardrails, limits, notes, plan);
        }

        Decision reject(Rejection rejection) {
            return new Decision.Rejected(rejection, build());
        }
    }
}
