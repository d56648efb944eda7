package dev.modelgate.policy.guard.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds one family of sensitive content in text. Implementations are immutable and thread-safe, so
 * one instance is compiled per policy and shared by all request threads.
 */
public interface Detector {

    /** The primary placeholder type, e.g. {@code EMAIL}; a detector may emit related kinds too. */
    String kind();

    /** Appends every match in {@code text} to {@code out}, ordered by start and non-overlapping. */
    void find(CharSequence text, List<Match> out);

    /** Whether {@code text} contains at least one match; may stop at the first one (deny/log rules). */
    default boolean matches(CharSequence text) {
        List<Match> out = new ArrayList<>(1);
        find(text, out);
        return !out.isEmpty();
    }
}
