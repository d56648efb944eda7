package dev.modelgate.policy.guard.detect;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Replaces matched spans with typed placeholders such as {@code [REDACTED:EMAIL]}.
 *
 * <p>Matches from several detectors may overlap (a phone pattern inside a card number, a custom
 * regex over an email). Overlapping spans are merged into one region, so no fragment of the
 * sensitive text survives between two placeholders. The region is labelled with the kind of its
 * longest match (ties: earliest start, then kind name), which depends only on the set of matches,
 * not on the order the detectors ran in. Touching spans ({@code end == start}) stay separate.
 */
public final class Redactor {

    private static final Comparator<Match> ORDER = Comparator.comparingInt(Match::start)
            .thenComparing(Comparator.comparingInt(Match::end).reversed())
            .thenComparing(Match::kind);

    private Redactor() {
    }

    public static String placeholder(String kind) {
        return "[REDACTED:" + kind + "]";
    }

    public static String redact(CharSequence text, List<Match> matches) {
        if (matches.isEmpty()) {
            return text.toString();
        }
        Match[] sorted = matches.toArray(new Match[0]);
        Arrays.sort(sorted, ORDER);
        int n = text.length();
        StringBuilder sb = new StringBuilder(n + 16 * sorted.length);
        int copied = 0;
        int k = 0;
        while (k < sorted.length) {
            Match first = sorted[k];
            if (first.end() > n) {
                throw new IllegalArgumentException("match " + first + " beyond text length " + n);
            }
            int start = first.start();
            int end = first.end();
            Match label = first;
            k++;
            while (k < sorted.length && sorted[k].start() < end) {
                Match m = sorted[k++];
                if (m.end() > n) {
                    throw new IllegalArgumentException("match " + m + " beyond text length " + n);
                }
                if (m.length() > label.length()) {
                    label = m; // sort order already resolves ties by start, then kind
                }
                end = Math.max(end, m.end());
            }
            // never leave half of a surrogate pair (an emoji) outside the placeholder
            if (start > 0 && Character.isLowSurrogate(text.charAt(start))
                    && Character.isHighSurrogate(text.charAt(start - 1))) {
                start--;
            }
            if (end < n && Character.isLowSurrogate(text.charAt(end))
                    && Character.isHighSurrogate(text.charAt(end - 1))) {
                end++;
            }
            start = Math.max(start, copied);
            sb.append(text, copied, start).append(placeholder(label.kind()));
            copied = end;
        }
        sb.append(text, copied, n);
        return sb.toString();
    }
}
