package dev.modelgate.policy.load;

import java.util.List;
import java.util.stream.Collectors;

/** A policy was refused. Carries every problem found, not only the first, sorted by place. */
public final class PolicyException extends Exception {

    private final transient List<PolicyProblem> problems;

    public PolicyException(List<PolicyProblem> problems) {
        super(summary(problems));
        this.problems = problems.stream().sorted().toList();
    }

    public List<PolicyProblem> problems() {
        return problems;
    }

    private static String summary(List<PolicyProblem> problems) {
        return problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in policy:\n"
                + problems.stream().sorted().map(PolicyProblem::toString).collect(Collectors.joining("\n"));
    }
}
