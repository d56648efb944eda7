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

import dev.modelgate.policy.decision.PolicyHash;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;

/**
 * The policy this relay serves and the evaluator that applies it (standalone mode): loaded at start from
 * {@code modelgate.policy.files} (comma-separated files or directories). A policy that does not load stops the
 * application from starting, with every problem logged as file:line:col. An admin may reload the same files
 * ({@link #reload}): a policy that loads replaces the one in force for the next request; one that does not is
 * refused, the one in force stays, and the refusal's problems are kept for the console to show.
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

    /** The outcome of the latest load: at start, or a reload an admin asked for. */
    public record Load(Instant at, boolean applied, String digest, List<String> problems) {
    }

    private BudgetLedger budgets;
    private volatile CompiledPolicy policy;
    private volatile Instant loadedAt;
    private volatile Load lastLoad;
    private PolicyEvaluator evaluator;
    /** With shared state: this relay's own counters and caps (with the shared budgets), for counters_unavailable: fail_open. */
    private PolicyEvaluator fallback;
    private volatile RequestParser parser;

    @PostConstruct
    void load() {
        List<Path> paths = paths();
        try {
            policy = CompiledPolicy.of(new PolicyLoader(EnvInterpolator.system()).loadFiles(paths));
        } catch (PolicyException e) {
            LOG.severe("Modelgate policy refused:\n" + e.getMessage());
            throw new IllegalStateException("the Modelgate policy does not load; see the problems above", e);
        }
        loadedAt = Instant.now();
        lastLoad = new Load(loadedAt, true, PolicyHash.of(policy.policy()), List.of());
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
        health.watch(() -> policy.policy());
        parser = new RequestParser(RequestLimits.withMaxBody(policy.policy().settings().maxBodyBytes()));
        LOG.info("Modelgate policy loaded from " + paths + ": " + policy.policy().models().keySet().size() + " aliases, "
                + policy.policy().teams().size() + " teams");
    }

    private List<Path> paths() {
        return Arrays.stream(files.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).toList();
    }

    /**
     * Loads the policy files again. A policy that loads is in force for the next request (requests under way finish
     * with the one they were decided by); one that does not is refused with its problems, and the one in force stays.
     * Spend, limits and breakers carry over: they are kept by team, key and deployment, not by policy.
     */
    public synchronized Load reload() {
        Instant now = Instant.now();
        try {
            CompiledPolicy loaded = CompiledPolicy.of(new PolicyLoader(EnvInterpolator.system()).loadFiles(paths()));
            parser = new RequestParser(RequestLimits.withMaxBody(loaded.policy().settings().maxBodyBytes()));
            policy = loaded;
            loadedAt = now;
            lastLoad = new Load(now, true, PolicyHash.of(loaded.policy()), List.of());
            LOG.info("Modelgate policy reloaded: " + lastLoad.digest());
        } catch (PolicyException e) {
            lastLoad = new Load(now, false, null, e.problems().stream().map(Object::toString).toList());
            LOG.warning("Modelgate policy reload refused, the policy in force stays:\n" + e.getMessage());
        }
        return lastLoad;
    }

    /** When the policy in force was loaded. */
    public Instant loadedAt() {
        return loadedAt;
    }

    /** The latest load, applied or refused. */
    public Load lastLoad() {
        return lastLoad;
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
        CompiledPolicy current = policy; // one policy per decision, whatever a reload does meanwhile
        try {
            return evaluator.evaluate(current, caller, request);
        } catch (CountersUnavailableException e) {
            if (current.policy().settings().countersUnavailable() == FailureMode.FAIL_CLOSED) {
                return unavailable(Unavailable.COUNTERS);
            }
            try {
                return fallback.evaluate(current, caller, request);
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
