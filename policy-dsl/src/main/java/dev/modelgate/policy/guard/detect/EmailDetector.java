package dev.modelgate.policy.guard.detect;

import java.util.List;

/**
 * Finds {@code local@domain.tld} addresses by anchoring on each '@' and growing the span outwards
 * with char scans; text without '@' costs one pass and no regex.
 *
 * <p>Deliberately "RFC-ish": quoted local parts, IP-literal domains and IDN (non-ASCII) domains are
 * not recognised; they are rare in prompts and would widen false positives.
 */
final class EmailDetector extends ScanningDetector {

    static final String KIND = "EMAIL";
    private static final int MAX_LOCAL = 64;
    private static final int MAX_DOMAIN = 253;

    EmailDetector() {
        super(KIND);
    }

    @Override
    boolean scan(CharSequence text, List<Match> out) {
        boolean found = false;
        int n = text.length();
        int floor = 0; // the local part may not reach back into a previous match
        for (int at = 0; at < n; at++) {
            if (text.charAt(at) != '@') {
                continue;
            }
            int start = localStart(text, at, floor);
            if (start < 0) {
                continue;
            }
            int end = domainEnd(text, at + 1);
            if (end < 0) {
                continue;
            }
            found = true;
            if (emit(out, start, end, KIND)) {
                return true;
            }
            floor = end;
            at = end - 1;
        }
        return found;
    }

    private static boolean isLocalChar(char c) {
        return Chars.isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    /** Start of the local part ending before {@code at}, or -1 if there is none or it is malformed. */
    private static int localStart(CharSequence text, int at, int floor) {
        int i = at;
        while (i > floor && isLocalChar(text.charAt(i - 1)) && at - i < MAX_LOCAL) {
            i--;
        }
        // "x.@y" or "..a@y" are not addresses; leading dots are more likely sentence punctuation.
        while (i < at && text.charAt(i) == '.') {
            i++;
        }
        if (i == at || text.charAt(at - 1) == '.') {
            return -1;
        }
        if (i > floor && isLocalChar(text.charAt(i - 1))) {
            return -1; // local part longer than the RFC limit: not an address
        }
        for (int k = i + 1; k < at; k++) {
            if (text.charAt(k) == '.' && text.charAt(k - 1) == '.') {
                return -1;
            }
        }
        return i;
    }

    /**
     * End (exclusive) of {@code label(.label)+} starting at {@code from} whose last label is an
     * alphabetic TLD of 2+ letters, or -1. A trailing '.' is left out as sentence punctuation.
     */
    private static int domainEnd(CharSequence text, int from) {
        int n = text.length();
        int i = from;
        int labels = 0;
        int lastLabelStart = -1;
        int end = -1;
        while (i < n) {
            int labelStart = i;
            while (i < n && (Chars.isAlnum(text.charAt(i)) || text.charAt(i) == '-')) {
                i++;
            }
            if (i == labelStart || text.charAt(labelStart) == '-' || text.charAt(i - 1) == '-') {
                break;
            }
            labels++;
            lastLabelStart = labelStart;
            end = i;
            if (i + 1 < n && text.charAt(i) == '.' && Chars.isAlnum(text.charAt(i + 1))) {
                i++;
            } else {
                break;
            }
        }
        if (labels < 2 || end - from > MAX_DOMAIN) {
            return -1;
        }
        // If the scan stopped on a malformed label, the address ends at the last good one only
        // when that one is a TLD; otherwise reject rather than guess.
        int tldLen = end - lastLabelStart;
        if (tldLen < 2 || tldLen > 63) {
            return -1;
        }
        for (int k = lastLabelStart; k < end; k++) {
            if (!Chars.isLetter(text.charAt(k))) {
                return -1;
            }
        }
        // "a@b.com_x" or "a@b.com-x..." : the domain is glued to more identifier text.
        char next = Chars.at(text, end);
        if (next == '_' || next == '-' || next == '@') {
            return -1;
        }
        return end;
    }
}
