package dev.modelgate.policy.cli;

import dev.modelgate.policy.load.EnvInterpolator;
import dev.modelgate.policy.load.LoadedPolicy;
import dev.modelgate.policy.load.PolicyException;
import dev.modelgate.policy.load.PolicyLoader;
import dev.modelgate.policy.load.PolicyProblem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "validate", description = {
        "Check that policy files form one valid policy.",
        "Problems are printed as file:line:col: message; exit 0 when valid, 1 otherwise."})
final class ValidateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Policy files or directories (all *.yaml / *.yml below them), merged into one policy.")
    List<Path> files;

    @CommandLine.Option(names = {"-q", "--quiet"}, description = "Print nothing when the policy is valid.")
    boolean quiet;

    @Override
    public Integer call() {
        try {
            LoadedPolicy loaded = new PolicyLoader(EnvInterpolator.system()).loadFiles(files);
            if (!quiet) {
                var p = loaded.policy();
                spec.commandLine().getOut().printf("ok: %d file(s), %d provider(s), %d model alias(es), %d team(s), %d rule(s), %d guardrail(s)%n",
                        loaded.files().size(), p.providers().size(), p.models().size(), p.teams().size(), p.rules().size(), p.guardrails().size());
            }
            return 0;
        } catch (PolicyException e) {
            return report(spec, e);
        }
    }

    static int report(CommandLine.Model.CommandSpec spec, PolicyException e) {
        for (PolicyProblem problem : e.problems()) {
            spec.commandLine().getErr().println(problem);
        }
        spec.commandLine().getErr().println(e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems") + " found");
        return 1;
    }
}
