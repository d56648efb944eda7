package dev.modelgate.policy.guard.detect;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A policy author's own pattern. The {@link Pattern} is compiled once with the policy; a
 * {@link Matcher} is per call because matchers are not thread-safe.
 *
 * <p>{@code java.util.regex} backtracks, so a careless pattern such as {@code ((a+)+)+$} takes
 * exponential time on a text like "aaaa...!" and would pin a gateway thread indefinitely. The
 * matcher therefore reads the text through a wrapper that counts char accesses and gives up once
 * {@link #budget} of them (proportional to the text length, far above what any sane pattern needs)
 * is spent. An exhausted budget fails closed: the text is treated as matching, as one match
 * covering all of it, so a deny guardrail denies and a redact guardrail redacts the whole text.
 * Failing open would let anyone who finds the slow input slip content past the guardrail; failing
 * closed costs only a false positive on a pathological text, and policy validation should still
 * flag such patterns.
 *
 * <p>Ordinary patterns read each char a few times (about 4 per char for a hostname pattern), far
 * below the budget. Quadratic ones are not pathological-looking but do hit it: a leading
 * {@code .*foo} re-reads the rest of the line from every start position, about 3,000 reads per
 * char on a 2 KB single-line text without "foo", and so fails closed there. Such patterns should
 * drop the leading {@code .*}; find() already searches from every position.
 */
final class RegexDetector extends ScanningDetector {

    private final Pattern pattern;
    /** A literal every match must contain, or null; a text without it cannot match, and indexOf is far cheaper than the matcher. */
    private final String requiredLiteral;

    RegexDetector(String kind, Pattern pattern) {
        super(kind);
        this.pattern = Objects.requireNonNull(pattern, "pattern");
        this.requiredLiteral = pattern.flags() == 0 ? RequiredLiteral.of(pattern.pattern()) : null;
    }

    /** Char accesses a scan of {@code length} chars may make before it is abandoned. */
    static long budget(int length) {
        return 1000L * length + 10_000;
    }

    @Override
    boolean scan(CharSequence text, List<Match> out) {
        if (requiredLiteral != null && text.toString().indexOf(requiredLiteral) < 0) {
            return false;
        }
        int before = out == null ? 0 : out.size();
        try {
            return scanBounded(new Budgeted(text, budget(text.length())), out);
        } catch (BudgetExceeded e) {
            if (out != null) {
                out.subList(before, out.size()).clear(); // the whole-text match replaces partial ones
            }
            if (text.length() == 0) {
                return false; // unreachable: an empty text has no chars to read
            }
            emit(out, 0, text.length(), kind());
            return true;
        }
    }

    private boolean scanBounded(CharSequence text, List<Match> out) {
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

    /** Thrown, preallocated and without a stack trace, when a scan runs out of budget. */
    private static final class BudgetExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final BudgetExceeded INSTANCE = new BudgetExceeded();

        private BudgetExceeded() {
            super("regex work budget exceeded", null, false, false);
        }
    }

    /** The scanned text, counting every char the matcher reads. Per call, never shared. */
    private static final class Budgeted implements CharSequence {
        private final CharSequence text;
        private long remaining;

        Budgeted(CharSequence text, long budget) {
            this.text = text;
            this.remaining = budget;
        }

        @Override
        public char charAt(int index) {
            if (--remaining < 0) {
                throw BudgetExceeded.INSTANCE;
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
