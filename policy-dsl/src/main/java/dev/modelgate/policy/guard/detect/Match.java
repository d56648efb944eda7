package dev.modelgate.policy.guard.detect;

import java.util.Objects;

/**
 * One finding of a detector: the half-open span {@code [start, end)} in Java char indices of the
 * scanned text, and the placeholder type it should be redacted as.
 */
public record Match(int start, int end, String kind) {

    public Match {
        Objects.requireNonNull(kind, "kind");
        // An empty or inverted span would make redaction ambiguous, so it is a bug at the source.
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("invalid span [" + start + ", " + end + ")");
        }
    }

    public int length() {
        return end - start;
    }
}
