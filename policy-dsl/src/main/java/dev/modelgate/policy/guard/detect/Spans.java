package dev.modelgate.policy.guard.detect;

import java.util.Arrays;

/**
 * Collects candidate spans that may overlap (keyword or phrase hits arrive ordered by end) and
 * selects leftmost-longest non-overlapping ones. Per call, never shared.
 */
final class Spans {

    private long[] packed = new long[8];
    private int size;

    void add(int start, int end) {
        if (size == packed.length) {
            packed = Arrays.copyOf(packed, size * 2);
        }
        // sorts by start ascending, then by end descending (longest first)
        packed[size++] = ((long) start << 32) | (0xFFFF_FFFFL - end);
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Emits the leftmost-longest non-overlapping spans; returns true if {@code emit} stopped. */
    boolean select(Emit emit) {
        Arrays.sort(packed, 0, size);
        int lastEnd = 0;
        for (int k = 0; k < size; k++) {
            int start = (int) (packed[k] >>> 32);
            int end = (int) (0xFFFF_FFFFL - (packed[k] & 0xFFFF_FFFFL));
            if (start >= lastEnd) {
                if (emit.span(start, end)) {
                    return true;
                }
                lastEnd = end;
            }
        }
        return false;
    }

    /**
     * Emits the union of each group of overlapping spans; returns true if {@code emit} stopped.
     * For phrase detectors, where two hits overlapping means one longer offending passage.
     */
    boolean selectMerged(Emit emit) {
        Arrays.sort(packed, 0, size);
        int k = 0;
        while (k < size) {
            int start = (int) (packed[k] >>> 32);
            int end = end(packed[k++]);
            while (k < size && (int) (packed[k] >>> 32) < end) {
                end = Math.max(end, end(packed[k++]));
            }
            if (emit.span(start, end)) {
                return true;
            }
        }
        return false;
    }

    private static int end(long p) {
        return (int) (0xFFFF_FFFFL - (p & 0xFFFF_FFFFL));
    }

    interface Emit {
        boolean span(int start, int end);
    }
}
