package dev.modelgate.relay.policy;

import dev.modelgate.policy.budget.BudgetLedger;
import dev.modelgate.policy.budget.InProcessBudgetLedger;
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
    HealthMonitor health;

    private final InProcessBudgetLedger budgets = new InProcessBudgetLedger();
    private CompiledPolicy policy;
    private PolicyEvaluator evaluator;
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
        evaluator = PolicyEvaluators.inProcess(health.breakers(), Clock.systemUTC(), budgets);
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
