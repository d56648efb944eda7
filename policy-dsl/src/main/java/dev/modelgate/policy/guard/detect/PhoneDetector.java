package dev.modelgate.policy.guard.detect;

import java.util.List;

/**
 * Finds phone numbers by cutting the text into digit-group runs with a char scan and accepting only
 * runs whose group layout is phone-shaped. A digit run is never re-examined from its middle, so a
 * rejected 16-digit card or an IP address cannot leak out as a "phone" tail.
 *
 * <p>Accepted shapes (7–15 digits, ITU E.164 limit):
 * <ul>
 *   <li>international: {@code +} then country code and groups ({@code +44 20 7946 0958},
 *       {@code +1 (555) 123-4567}, {@code +14155552671});</li>
 *   <li>North American: 3-3-4 with area code 2–9, optional leading 1, parentheses around the area
 *       code ({@code (555) 123-4567}, {@code 555-123-4567}, {@code 1-800-555-0199});</li>
 *   <li>trunk-prefixed national: first group starts with 0 and has 3–5 digits
 *       ({@code 020 7946 0958}, {@code 030 123456}, {@code 0049 30 123456}), or the French
 *       five pairs {@code 01 23 45 67 89}.</li>
 * </ul>
 * Plain unseparated national numbers are rejected: without separators or '+', a 10-digit string is
 * as likely an order or account number.
 */
final class PhoneDetector extends ScanningDetector {

    static final String KIND = "PHONE";
    private static final int MAX_GROUPS = 8;
    private static final int MIN_DIGITS = 7;
    private static final int MAX_DIGITS = 15;

    PhoneDetector() {
        super(KIND);
    }

    @Override
    boolean scan(CharSequence text, List<Match> out) {
        boolean found = false;
        int n = text.length();
        // Scratch arrays are per call, never shared: the detector instance stays immutable.
        int[] groupLen = new int[MAX_GROUPS];
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            boolean plus = c == '+' && Chars.isDigit(Chars.at(text, i + 1));
            boolean paren = c == '(' && Chars.isDigit(Chars.at(text, i + 1));
            if (!(plus || paren || Chars.isDigit(c))) {
                i++;
                continue;
            }
            char before = Chars.at(text, i - 1);
            if (Chars.isWord(before) || before == '+' || before == '#' || (!plus && !paren
                    && (before == '-' || before == '.' || before == '/' || before == ','))) {
                i = skipRun(text, i);
                continue;
            }
            int end = parse(text, i, plus, groupLen);
            if (end > 0) {
                found = true;
                if (emit(out, i, end, KIND)) {
                    return true;
                }
                i = end;
            } else {
                i = skipRun(text, i);
            }
        }
        return found;
    }

    /** Skips digits and phone separators so a rejected run is not retried from its middle. */
    private static int skipRun(CharSequence text, int i) {
        int n = text.length();
        i++;
        while (i < n) {
            char c = text.charAt(i);
            if (Chars.isDigit(c) || Chars.isWord(c)) {
                i++;
            } else if (isSep(c) && Chars.isDigit(Chars.at(text, i + 1))) {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    private static boolean isSep(char c) {
        return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')';
    }

    /**
     * Reads groups from {@code start}; returns the match end if the run is phone-shaped, else -1.
     * Between groups at most one of space/dash/dot plus parentheses around a single group.
     */
    private static int parse(CharSequence text, int start, boolean plus, int[] groupLen) {
        int n = text.length();
        int i = plus ? start + 1 : start;
        int groups = 0;
        int digits = 0;
        int parenGroup = -1;
        boolean openParen = false;
        boolean closed = false; // "(0)20": a closing parenthesis separates groups by itself
        int end = -1;
        while (true) {
            // separator before the group (not before the first one, except an opening parenthesis)
            int sepStart = i;
            int plain = 0;
            boolean opens = false;
            while (i < n) {
                char c = text.charAt(i);
                if (c == '(' && !opens && parenGroup < 0 && !openParen) {
                    opens = true;
                } else if ((c == ' ' || c == '-' || c == '.') && plain == 0 && groups > 0) {
                    plain++;
                } else {
                    break;
                }
                i++;
            }
            if (openParen) {
                return -1; // "(555 123" – parenthesis never closed
            }
            if (i >= n || !Chars.isDigit(text.charAt(i))) {
                break;
            }
            if (groups > 0 && i == sepStart && !closed) {
                break; // defensive: groups are maximal digit runs, so a separator is always needed
            }
            closed = false;
            if (groups == MAX_GROUPS) {
                return -1;
            }
            int g = i;
            while (i < n && Chars.isDigit(text.charAt(i))) {
                i++;
            }
            if (opens) {
                openParen = true;
                parenGroup = groups;
            }
            groupLen[groups++] = i - g;
            digits += i - g;
            if (digits > MAX_DIGITS) {
                return -1;
            }
            end = i;
            if (openParen && i < n && text.charAt(i) == ')') {
                openParen = false;
                closed = true;
                i++;
                end = i;
                // the closing parenthesis is part of the number only if more digits follow
            }
        }
        if (openParen || digits < MIN_DIGITS) {
            return -1;
        }
        // a dangling ')' after the last group belongs to the surrounding prose, not the number
        while (end > start && !Chars.isDigit(text.charAt(end - 1))) {
            end--;
        }
        if (parenGroup == groups - 1) {
            return -1; // "(555)" as last group means the parentheses wrapped the whole number
        }
        if (Chars.isWord(Chars.at(text, end))) {
            return -1;
        }
        boolean ok = plus ? international(groupLen, groups, digits)
                : nanp(text, start, groupLen, groups, parenGroup)
                        || trunk(text, start, parenGroup, groupLen, groups, digits);
        return ok ? end : -1;
    }

    private static boolean international(int[] g, int groups, int digits) {
        if (digits < 8) {
            return false;
        }
        if (groups == 1) {
            return true; // E.164 written without separators, e.g. +14155552671
        }
        return g[0] <= 3 && g[groups - 1] >= 2;
    }

    private static boolean nanp(CharSequence text, int start, int[] g, int groups, int parenGroup) {
        int first = 0;
        if (groups == 4 && g[0] == 1 && firstDigit(text, start) == '1') {
            first = 1;
        } else if (groups != 3) {
            return false;
        }
        if (g[first] != 3 || g[first + 1] != 3 || g[first + 2] != 4) {
            return false;
        }
        if (parenGroup >= 0 && parenGroup != first) {
            return false;
        }
        char area = areaDigit(text, start, first);
        return area >= '2' && area <= '9';
    }

    private static boolean trunk(CharSequence text, int start, int parenGroup, int[] g, int groups,
            int digits) {
        if (firstDigit(text, start) != '0' || groups < 2 || parenGroup > 0) {
            return false;
        }
        if (groups == 5 && digits == 10 && g[0] == 2 && g[1] == 2 && g[2] == 2 && g[3] == 2) {
            return true; // French style 01 23 45 67 89
        }
        if (g[0] < 3 || g[0] > 5 || groups > 4 || digits < 9 || digits > 13) {
            return false;
        }
        for (int k = 1; k < groups; k++) {
            if (g[k] < 2) {
                return false;
            }
        }
        return g[groups - 1] >= 3;
    }

    private static char firstDigit(CharSequence text, int start) {
        int i = start;
        while (!Chars.isDigit(text.charAt(i))) {
            i++;
        }
        return text.charAt(i);
    }

    /** First digit of group {@code index} (0 or 1) of a run starting at {@code start}. */
    private static char areaDigit(CharSequence text, int start, int index) {
        int i = start;
        while (!Chars.isDigit(text.charAt(i))) {
            i++;
        }
        if (index == 0) {
            return text.charAt(i);
        }
        while (Chars.isDigit(text.charAt(i))) {
            i++;
        }
        while (!Chars.isDigit(text.charAt(i))) {
            i++;
        }
        return text.charAt(i);
    }
}
