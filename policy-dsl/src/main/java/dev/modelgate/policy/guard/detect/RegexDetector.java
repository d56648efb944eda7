package dev.modelgate.policy.guard.detect;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A policy author's own pattern. The {@link Pattern} is compiled once with the policy; a
 * {@link Matcher} is per call because matchers are not thread-safe. Whether the pattern backtracks
 * badly is the author's responsibility, which policy validation should flag.
 */
final class RegexDetector extends ScanningDetector {

    private final Pattern pattern;

    RegexDetector(String kind, Pattern pattern) {
        super(kind);
        this.pattern = Objects.requireNonNull(pattern, "pattern");
    }

    @Override
    boolean scan(CharSequence text, List<Match> out) {
        Matcher m = pattern.matcher(text);
        boolean found = false;
        String kind = kind();
        while (m.find()) {
            if (m.end() == m.start()) {
                continue; // a zero-width match has nothing to redact; find() advances past it
            }
            found = true;
            if (emit(out, m.start(), m.end(), kind)) {
                return true;
            }
        }
        return found;
    }
}
