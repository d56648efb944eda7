package dev.modelgate.relay.policy;

import dev.modelgate.policy.budget.BudgetLedger;
import dev.modelgate.policy.budget.InProcessBudgetLedger;
import dev.modelgate.policy.eval.Caller;
import dev.modelgate.policy.eval.Decision;
import dev.modelgate.policy.eval.LedgerBudgets;
import dev.modelgate.policy.eval.Rejection;
import dev.modelgate.policy.limits.InProcessConcurrencyLimiter;
import dev.modelgate.policy.limits.InProcessRateCounters;
import dev.modelgate.policy.model.FailureMode;
import dev.modelgate.policy.request.ParsedRequest;
import dev.modelgate.policy.tokens.TokenEstimator;
import dev.modelgate.relay.cluster.ClusterState;
import dev.modelgate.relay.cluster.SharedParts;
import dev.modelgate.relay.cluster.Unavailable;
import dev.modelgate.shared.limits.CountersUnavailableException;
import dev.modelgate.shared.redis.SharedStateUnavailableException;
import dev.modelgate.policy.eval.CompiledPolicy;
import dev.modelgate.policy.eval.PolicyEvaluator;
import dev.modelgate.policy.eval.PolicyEvaluators;
import dev.modelgate.policy.load.EnvInterpolator;
import dev.modelgate.policy.load.PolicyException;
import dev.modelgate.policy.load.PolicyLoader;
import dev.modelgate.policy.request.RequestLimits;
import dev.modelgate.policy.request.RequestParser;
import dev.modelgate.relay.health.Breakers;
import dev.modelgate.relay.health.HealthMonitor;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;

/**
 * The policy this relay serves and the evaluator that applies it (standalone mode): loaded once at
 * start from {@code modelgate.policy.files} (comma-separated files or directories). A policy that does
 * not load stops the application from starting, with every problem logged as file:line:col.
 */
@ApplicationScoped
public class PolicyService {

    private static final Logger LOG = Logger.getLogger(PolicyService.class.getName());

    @Inject
    @ConfigProperty(name = "modelgate.policy.files")
    String files;

    @Inject
    ClusterState cluster;

    @Inject
    HealthMonitor health;

    private BudgetLedger budgets;
    private CompiledPolicy policy;
    private PolicyEvaluator evaluator;
    /** With shared state: this relay's own counters and caps (with the shared budgets), for counters_unavailable: fail_open. */
    private PolicyEvaluator fallback;
    private RequestParser parser;

    @PostConstruct
    void load() {
        List<Path> paths = Arrays.stream(files.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).toList();
        try {
            policy = CompiledPolicy.of(new PolicyLoader(EnvInterpolator.system()).loadFiles(paths));
        } catch (PolicyException e) {
            LOG.severe("Modelgate policy refused:\n" + e.getMessage());
            throw new IllegalStateException("the Modelgate policy does not load; see the problems above", e);
        }
        Clock clock = Clock.systemUTC();
        java.util.Optional<SharedParts> shared = cluster.parts();
        if (shared.isPresent()) {
            SharedParts parts = shared.get();
            budgets = parts.budgets();
            evaluator = new PolicyEvaluator(new TokenEstimator(), parts.counters(), parts.concurrency(), new LedgerBudgets(budgets),
                    health.breakers(), clock, parts.admission());
            fallback = new PolicyEvaluator(new TokenEstimator(), new InProcessRateCounters(), new InProcessConcurrencyLimiter(),
                    new LedgerBudgets(budgets), health.breakers(), clock);
        } else {
            budgets = new InProcessBudgetLedger();
            evaluator = PolicyEvaluators.inProcess(health.breakers(), clock, budgets);
            fallback = evaluator;
        }
        health.watch(policy.policy());
        parser = new RequestParser(RequestLimits.withMaxBody(policy.policy().settings().maxBodyBytes()));
        LOG.info("Modelgate policy loaded from " + paths + ": " + policy.policy().models().keySet().size() + " aliases, "
                + policy.policy().teams().size() + " teams");
    }

    /** The policy files as configured (names only, for the audit log). */
    public String files() {
        return files;
    }

    public CompiledPolicy policy() {
        return policy;
    }

    public PolicyEvaluator evaluator() {
        return evaluator;
    }

    /**
     * Decides one request with the policy. When shared state cannot be asked, the answer is a 503 that names the
     * cause, except for limits under {@code settings.counters_unavailable: fail_open}, which then count on this
     * relay alone (as the edge hosts do); budgets always fail closed.
     */
    public Decision evaluate(Caller caller, ParsedRequest request) {
        try {
            return evaluator.evaluate(policy, caller, request);
        } catch (CountersUnavailableException e) {
            if (policy.policy().settings().countersUnavailable() == FailureMode.FAIL_CLOSED) {
                return unavailable(Unavailable.COUNTERS);
            }
            try {
                return fallback.evaluate(policy, caller, request);
            } catch (SharedStateUnavailableException budgetsToo) {
                return unavailable(Unavailable.BUDGETS);
            }
        } catch (SharedStateUnavailableException e) {
            return unavailable(Unavailable.BUDGETS);
        }
    }

    private static Decision unavailable(Rejection why) {
        return new Decision.Rejected(why, new Decision.Trace(null, List.of(), List.of(), List.of(why.message()), null));
    }

    public RequestParser parser() {
        return parser;
    }

    /** Spend per budget and period as this relay has settled it, with reservations in flight. */
    public BudgetLedger budgets() {
        return budgets;
    }

    /** The deployments' breakers: what routing reads and every call reports to. */
    public Breakers breakers() {
        return health.breakers();
    }
}
