package dev.modelgate.policy.load;

/** A place in a policy file, 1-based like every editor shows it. */
public record SourceLocation(String file, int line, int column) {

    public static SourceLocation startOf(String file) {
        return new SourceLocation(file, 1, 1);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
