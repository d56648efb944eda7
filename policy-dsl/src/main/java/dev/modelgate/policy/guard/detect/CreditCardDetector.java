package dev.modelgate.policy.guard.detect;

import java.util.List;

/**
 * Finds payment card numbers: 12–19 digits (Maestro starts at 12), contiguous or in groups of 3–6 separated by a single
 * space or dash, with a known issuer prefix and a valid Luhn check digit.
 *
 * <p>A digit run may carry extra groups ("4111 1111 1111 1111 123" with a CVV, "Ref 12 4111 ..."),
 * so each run is cut into groups and every group-aligned window is tried, longest first. Runs are
 * short, so this stays linear in practice.
 */
final class CreditCardDetector extends ScanningDetector {

    static final String KIND = "CREDIT_CARD";
    /** 19 digits in groups of at least 3: six groups, plus one to see what follows. */
    private static final int MAX_GROUPS = 7;

    private final CardBrands brands = new CardBrands();

    CreditCardDetector() {
        super(KIND);
    }

    @Override
    boolean scan(CharSequence text, List<Match> out) {
        boolean found = false;
        int n = text.length();
        // Scratch per call. A card has at most MAX_GROUPS groups of 3+ digits, so a window of that
        // many groups from each group start is enough, however long the run of numbers is.
        int[] gs = new int[MAX_GROUPS];
        int[] ge = new int[MAX_GROUPS];
        int i = 0;
        while (i < n) {
            if (!Chars.isDigit(text.charAt(i)) || Chars.isWord(Chars.at(text, i - 1))) {
                i++;
                continue;
            }
            // groups from i: digit runs joined by exactly one ' ' or '-'
            int groups = 0;
            int j = i;
            while (groups < MAX_GROUPS) {
                int s = j;
                while (j < n && Chars.isDigit(text.charAt(j))) {
                    j++;
                }
                gs[groups] = s;
                ge[groups] = j;
                groups++;
                char sep = Chars.at(text, j);
                if ((sep == ' ' || sep == '-') && Chars.isDigit(Chars.at(text, j + 1))) {
                    j++;
                } else {
                    break;
                }
            }
            int last = longestCard(text, gs, ge, 0, groups);
            if (last >= 0) {
                found = true;
                if (emit(out, gs[0], ge[last], KIND)) {
                    return true;
                }
                i = ge[last];
            } else {
                // retry from the next group of the same run ("qty 12 4111 1111 ..."); a glued
                // run ("id4111...", "4111...abc") is skipped by the word checks
                i = ge[0];
                if (groups > 1) {
                    i = gs[1];
                }
            }
        }
        return found;
    }

    /** Index of the last group of the longest valid card starting at group {@code g}, or -1. */
    private int longestCard(CharSequence text, int[] gs, int[] ge, int g, int groups) {
        int first = ge[g] - gs[g];
        if (first >= 12) {
            // contiguous PAN; extra groups after it (CVV, expiry) are simply not part of it
            return first <= 19 && !Chars.isWord(Chars.at(text, ge[g])) && valid(text, gs[g], ge[g], first) ? g : -1;
        }
        int digits = 0;
        int best = -1;
        for (int k = g; k < groups; k++) {
            int len = ge[k] - gs[k];
            if (len < 3 || len > 6) {
                break; // printed cards group by 4 (Amex 4-6-5, Diners 4-6-4)
            }
            digits += len;
            if (digits > 19) {
                break;
            }
            if (digits >= 12 && !Chars.isWord(Chars.at(text, ge[k])) && valid(text, gs[g], ge[k], digits)) {
                best = k;
            }
        }
        return best;
    }

    private boolean valid(CharSequence text, int start, int end, int digits) {
        int iin = 0;
        int taken = 0;
        for (int i = start; i < end && taken < 6; i++) {
            char c = text.charAt(i);
            if (Chars.isDigit(c)) {
                iin = iin * 10 + (c - '0');
                taken++;
            }
        }
        return brands.known(iin, digits) && Luhn.valid(text, start, end);
    }
}
