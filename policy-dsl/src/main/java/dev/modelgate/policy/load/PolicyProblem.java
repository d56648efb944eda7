package dev.modelgate.policy.load;

/**
 * One thing wrong with a policy, with where it is and how to fix it.
 * Printed as {@code file:line:col: message}, the format editors and CI annotate.
 */
public record PolicyProblem(SourceLocation where, String message) implements Comparable<PolicyProblem> {

    @Override
    public String toString() {
        return where + ": " + message;
    }

    @Override
    public int compareTo(PolicyProblem other) {
        int byFile = where.file().compareTo(other.where.file());
        if (byFile != 0) {
            return byFile;
        }
        int byLine = Integer.compare(where.line(), other.where.line());
        return byLine != 0 ? byLine : Integer.compare(where.column(), other.where.column());
    }
}
