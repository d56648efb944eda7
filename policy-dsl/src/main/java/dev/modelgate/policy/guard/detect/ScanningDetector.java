package dev.modelgate.policy.guard.detect;

import java.util.List;
import java.util.Objects;

/**
 * Shares one scan loop between {@link #find} and {@link #matches}: the loop is given a null list
 * when the caller only needs to know whether anything matches, which lets it stop at the first hit
 * without allocating.
 */
abstract class ScanningDetector implements Detector {

    private final String kind;

    ScanningDetector(String kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    @Override
    public final String kind() {
        return kind;
    }

    @Override
    public final void find(CharSequence text, List<Match> out) {
        Objects.requireNonNull(out, "out");
        scan(Objects.requireNonNull(text, "text"), out);
    }

    @Override
    public final boolean matches(CharSequence text) {
        return scan(Objects.requireNonNull(text, "text"), null);
    }

    /**
     * Scans {@code text}; reports each match through {@link #emit} and returns whether anything was
     * found. With {@code out == null} the scan must return as soon as {@code emit} says so.
     */
    abstract boolean scan(CharSequence text, List<Match> out);

    /** Records a match; returns true when the scan should stop because the caller wants only one. */
    static boolean emit(List<Match> out, int start, int end, String kind) {
        if (out == null) {
            return true;
        }
        out.add(new Match(start, end, kind));
        return false;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + kind + "]";
    }
}
