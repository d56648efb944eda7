package dev.modelgate.policy.guard.detect;

import java.util.List;

/**
 * Finds US Social Security numbers written {@code AAA-GG-SSSS} or {@code AAA GG SSSS} (same
 * separator twice), and nine plain digits only when "SSN" or "social security" appears shortly
 * before: nine bare digits are otherwise far more often an order or account number.
 *
 * <p>Numbers the SSA never issues are rejected: area 000, 666 or 900–999, group 00, serial 0000.
 */
final class UsSsnDetector extends ScanningDetector {

    static final String KIND = "US_SSN";
    /** How far back (chars) a label may stand from a bare nine-digit number. */
    private static final int LABEL_WINDOW = 32;

    UsSsnDetector() {
        super(KIND);
    }

    @Override
    boolean scan(CharSequence text, List<Match> out) {
        boolean found = false;
        int n = text.length();
        int i = 0;
        while (i + 9 <= n) {
            if (!Chars.isDigit(text.charAt(i)) || Chars.isWord(Chars.at(text, i - 1))) {
                i++;
                continue;
            }
            int end = matchAt(text, i);
            if (end > 0) {
                found = true;
                if (emit(out, i, end, KIND)) {
                    return true;
                }
                i = end;
            } else {
                while (i < n && Chars.isDigit(text.charAt(i))) {
                    i++;
                }
            }
        }
        return found;
    }

    private static int matchAt(CharSequence text, int i) {
        char before = Chars.at(text, i - 1);
        if (before == '-' || before == '.' || before == '/') {
            return -1; // tail of a longer dashed or dotted code
        }
        if (digits(text, i, 3)) {
            char sep = Chars.at(text, i + 3);
            if ((sep == '-' || sep == ' ') && digits(text, i + 4, 2) && Chars.at(text, i + 6) == sep
                    && digits(text, i + 7, 4) && endsCleanly(text, i + 11)) {
                return valid(text, i, i + 4, i + 7) ? i + 11 : -1;
            }
            if (digits(text, i, 9) && endsCleanly(text, i + 9) && labelled(text, i)
                    && valid(text, i, i + 3, i + 5)) {
                return i + 9;
            }
        }
        return -1;
    }

    private static boolean endsCleanly(CharSequence text, int end) {
        char next = Chars.at(text, end);
        if (Chars.isWord(next)) {
            return false;
        }
        // "123-45-6789-01" or "123 45 6789 12" continue the number: not an SSN layout
        return !((next == '-' || next == ' ' || next == '.') && Chars.isDigit(Chars.at(text, end + 1)));
    }

    private static boolean digits(CharSequence text, int from, int count) {
        if (from + count > text.length()) {
            return false;
        }
        for (int k = from; k < from + count; k++) {
            if (!Chars.isDigit(text.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static int number(CharSequence text, int from, int count) {
        int v = 0;
        for (int k = from; k < from + count; k++) {
            v = v * 10 + (text.charAt(k) - '0');
        }
        return v;
    }

    private static boolean valid(CharSequence text, int area, int group, int serial) {
        int a = number(text, area, 3);
        return a != 0 && a != 666 && a < 900 && number(text, group, 2) != 0 && number(text, serial, 4) != 0;
    }

    /** Whether "ssn" (as a word) or "social security" occurs in the window before {@code i}. */
    private static boolean labelled(CharSequence text, int i) {
        int from = Math.max(0, i - LABEL_WINDOW);
        for (int k = from; k < i; k++) {
            char c = Chars.lowerAscii(text.charAt(k));
            if (c == 's') {
                if (Chars.regionMatchesIgnoreCase(text, k, "ssn") && !Chars.isAlnum(Chars.at(text, k - 1))
                        && !Chars.isLetter(Chars.at(text, k + 3))) {
                    return true;
                }
                if (Chars.regionMatchesIgnoreCase(text, k, "social security")) {
                    return true;
                }
            }
        }
        return false;
    }
}
