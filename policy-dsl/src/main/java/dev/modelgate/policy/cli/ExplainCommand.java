package dev.modelgate.policy.cli;

import dev.modelgate.policy.eval.Caller;
import dev.modelgate.policy.eval.CompiledPolicy;
import dev.modelgate.policy.eval.Decision;
import dev.modelgate.policy.eval.PolicyEvaluators;
import dev.modelgate.policy.load.EnvInterpolator;
import dev.modelgate.policy.load.PolicyException;
import dev.modelgate.policy.load.PolicyLoader;
import dev.modelgate.policy.model.Team;
import dev.modelgate.policy.budget.Micros;
import dev.modelgate.policy.request.Endpoint;
import dev.modelgate.policy.request.ParsedRequest;
import dev.modelgate.policy.request.RequestException;
import dev.modelgate.policy.request.RequestLimits;
import dev.modelgate.policy.request.RequestParser;
import dev.modelgate.policy.routing.DroppedCandidate;
import dev.modelgate.policy.routing.RouteCandidate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Shows how the policy treats one request, using the same evaluator as the gateway and the relay,
 * with fresh (empty) limit counters and budgets: which rule and guardrails fire, which limits apply,
 * and every deployment kept or dropped with its reason. Exit 0 when admitted, 1 when refused.
 */
@Command(name = "explain", description = {"Show how a request would be treated: rule, guardrails, limits, and the ordered",
        "candidate deployments with the reason each was kept or dropped. Exit 0 admitted, 1 refused."})
final class ExplainCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--policy", required = true, arity = "1..*", paramLabel = "FILE", description = "Policy files or directories.")
    List<Path> policy;

    @Option(names = "--request", required = true, paramLabel = "FILE", description = "An OpenAI-style request body (JSON).")
    Path request;

    @Option(names = "--endpoint", defaultValue = "/v1/chat/completions", description = "Endpoint path. Default: ${DEFAULT-VALUE}.")
    String endpoint;

    @Option(names = "--team", description = "Team id (the request is explained as that team's first consumer or key).")
    String team;

    @Option(names = "--consumer", description = "Gateway consumer name.")
    String consumer;

    @Option(names = "--key", description = "API key id.")
    String key;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CompiledPolicy compiled;
        try {
            compiled = CompiledPolicy.of(new PolicyLoader(EnvInterpolator.system()).loadFiles(policy));
        } catch (PolicyException e) {
            return ValidateCommand.report(spec, e);
        }
        Caller caller = caller(compiled);
        if (caller == null) {
            err.println("modelgate: say who calls: --team, --consumer or --key");
            return 2;
        }
        Endpoint ep = Endpoint.fromPath(endpoint).orElse(null);
        if (ep == null) {
            err.println("modelgate: unknown endpoint " + endpoint);
            return 2;
        }
        if (!Files.isRegularFile(request)) {
            err.println(request + ": no such file");
            return 1;
        }
        ParsedRequest parsed;
        try {
            RequestLimits limits = RequestLimits.withMaxBody(compiled.policy().settings().maxBodyBytes());
            parsed = new RequestParser(limits).parse(ep, "application/json", Files.readAllBytes(request));
        } catch (RequestException e) {
            out.println("decision: REJECT " + e.status() + " " + e.code() + ": " + e.getMessage());
            return 1;
        }
        Decision decision = PolicyEvaluators.fresh().evaluate(compiled, caller, parsed);
        print(out, compiled, caller, parsed, decision);
        return decision instanceof Decision.Admitted ? 0 : 1;
    }

    private Caller caller(CompiledPolicy compiled) {
        if (key != null || consumer != null) {
            return new Caller(consumer, key, java.util.Map.of());
        }
        if (team == null) {
            return null;
        }
        Team t = compiled.team(team);
        if (t == null) {
            return new Caller("(team " + team + ")", null, java.util.Map.of());
        }
        if (!t.keys().isEmpty()) {
            return Caller.key(t.keys().get(0).id());
        }
        return t.consumers().isEmpty() ? new Caller("(team " + team + ")", null, java.util.Map.of()) : Caller.consumer(t.consumers().get(0));
    }

    private static void print(PrintWriter out, CompiledPolicy policy, Caller caller, ParsedRequest request, Decision decision) {
        String who = caller.keyId() != null ? "key " + caller.keyId() : "consumer " + caller.consumer();
        out.println("caller:      " + who + " -> team " + String.valueOf(policy.teamOf(caller)));
        out.println("model:       " + request.model() + (request.fallbackModels().isEmpty() ? "" : " (request fallbacks: "
                + String.join(", ", request.fallbackModels()) + ")"));
        Decision.Trace trace = decision.trace();
        out.println("rule:        " + (trace.rule() == null ? "none matched" : trace.rule()));
        if (decision instanceof Decision.Admitted a) {
            out.println("alias:       " + a.alias());
            out.println("tokens:      ~" + a.inputTokens() + " input, " + a.outputTokens() + " output assumed");
            out.println("reserved:    " + Micros.toUsd(a.reservedMicros()).toPlainString() + " USD");
        }
        section(out, "guardrails:", trace.guardrails());
        section(out, "limits:", trace.limits());
        section(out, "notes:", trace.notes());
        if (trace.plan() != null) {
            out.println("candidates (in the order they would be tried):");
            int i = 1;
            for (RouteCandidate c : trace.plan().kept()) {
                out.printf("  %d. %-40s alias %-14s est. %s USD%n", i++, c.deploymentId(), c.alias(),
                        Micros.toUsd(c.estimatedCostMicros()).toPlainString());
            }
            if (trace.plan().kept().isEmpty()) {
                out.println("  (none)");
            }
            if (!trace.plan().dropped().isEmpty()) {
                out.println("dropped:");
                for (DroppedCandidate d : trace.plan().dropped()) {
                    out.printf("  - %-40s alias %-14s %s%n", d.deploymentId(), d.alias(), d.reason());
                }
            }
        }
        if (decision instanceof Decision.Rejected r) {
            out.println("decision:    REJECT " + r.rejection().status() + " " + r.rejection().code() + ": " + r.rejection().message());
        } else {
            out.println("decision:    ADMIT" + (((Decision.Admitted) decision).redacted() ? " (forwarded with redactions)" : ""));
        }
    }

    private static void section(PrintWriter out, String title, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        out.println(title);
        lines.forEach(l -> out.println("  " + l));
    }
}
