package dev.modelgate.policy.guard.detect;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

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
 * Any other grouped run of 6–15 digits ({@code 0699 456 17 84}, {@code (86) 6016-5054},
 * {@code 66 28 45}) is a phone number when Google's libphonenumber finds it valid, by the numbering
 * plan's own ranges, in one of the hint regions (the policy's, else {@link #DEFAULT_REGIONS}); with
 * '+' any region counts. The library runs only on such candidates, never over the whole text, and
 * at most {@link #validationBudget} region checks per text, so a text made of digit groups stays linear.
 *
 * <p>Plain unseparated national numbers are rejected: without separators or '+', a 10-digit string is
 * as likely an order or account number. So is the US SSN layout 3-2-4, which belongs to its own detector.
 */
final class PhoneDetector extends ScanningDetector {

    static final String KIND = "PHONE";
    private static final int MAX_GROUPS = 8;
    private static final int MIN_DIGITS = 6;
    private static final int MAX_DIGITS = 15;

    /**
     * Where national numbers are checked when the policy gives no region: the EU/EEA, the UK and
     * Switzerland, North America, the larger economies of South America, Asia-Pacific and Africa.
     */
    static final List<String> DEFAULT_REGIONS = List.of(
            "US", "CA", "GB", "IE", "DE", "AT", "CH", "LI", "FR", "BE", "LU", "NL", "DK", "SE", "NO", "FI",
            "IS", "ES", "PT", "IT", "MT", "GR", "CY", "PL", "CZ", "SK", "HU", "SI", "HR", "RO", "BG",
            "EE", "LV", "LT", "AU", "NZ", "BR", "MX", "AR", "CL", "CO", "IN", "CN", "JP", "KR", "SG",
            "ZA", "NG", "IL", "TR", "AE");

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private final List<String> regions;

    PhoneDetector() {
        this(DEFAULT_REGIONS);
    }

    /** @param regions ISO 3166 region codes whose national formats count (upper case) */
    PhoneDetector(List<String> regions) {
        super(KIND);
        for (String r : regions) {
            if (!PHONES.getSupportedRegions().contains(r)) {
                throw new IllegalArgumentException("unknown phone region " + r);
            }
        }
        this.regions = List.copyOf(regions);
    }

    /**
     * Library checks (one per candidate and region) allowed for one text: enough for any real
     * prompt, bounded for digit floods, where later candidates then go unchecked.
     */
    private static int validationBudget(int length) {
        return 256 + length / 32;
    }

    @Override
    boolean scan(CharSequence text, List<Match> out) {
        boolean found = false;
        int n = text.length();
        // Scratch arrays are per call, never shared: the detector instance stays immutable.
        int[] groupLen = new int[MAX_GROUPS];
        int[] budget = {validationBudget(n)};
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
            int end = parse(text, i, plus, groupLen, budget);
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
    private int parse(CharSequence text, int start, boolean plus, int[] groupLen, int[] budget) {
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
        if (!plus && groups == 3 && groupLen[0] == 3 && groupLen[1] == 2 && groupLen[2] == 4) {
            return -1; // 123-45-6789 is the SSN layout
        }
        boolean shaped = plus ? international(groupLen, groups, digits) && digits >= 7
                : digits >= 7 && (nanp(text, start, groupLen, groups, parenGroup)
                        || trunk(text, start, parenGroup, groupLen, groups, digits));
        if (shaped) {
            return end;
        }
        if (!plus && groups < 2 && parenGroup < 0) {
            return -1; // a bare digit run is an order number as often as a phone
        }
        if (!plus && (date(text, start, groupLen, groups) || nanpLayout(text, start, groupLen, groups)
                || (pairs(groupLen, groups) && digits == 10 && firstDigit(text, start) != '0'))) {
            // dates; 3-3-4 that nanp() rejected (only North America writes that layout); ten digits
            // in pairs are French and start with the trunk 0
            return -1;
        }
        if (!plus && digits == 6 && !(groups == 3 && groupLen[0] == 2 && groupLen[1] == 2)) {
            return -1; // six digits only as the three pairs of small numbering plans ("66 28 45")
        }
        if (!plus && groups == 2 && (digits == 7 || groupLen[0] >= 4) && firstDigit(text, start) != '0'
                && !phoneContext(text, start, end)) {
            // "975 3968 Bay Street", "17151 2450 Crown St", "1947-1949", "75534-030": house and
            // street numbers, ranges and postcodes as often as phones, unless the text says phone
            return -1;
        }
        if (!plus && !uniformSeparators(text, start, end)) {
            return -1; // "2000-04-16 11:34", "12.5 - 3.75": dates and figures mix separators, phones rarely
        }
        return validNumber(text, start, end, plus, budget) ? end : -1;
    }

    /** 2024-01-15, 15.01.2024, 01/02/2024: a year group of 19xx or 20xx first or last, with two pairs. */
    private static boolean date(CharSequence text, int start, int[] g, int groups) {
        if (groups != 3) {
            return false;
        }
        boolean yearFirst = g[0] == 4 && g[1] == 2 && g[2] == 2;
        boolean yearLast = g[0] == 2 && g[1] == 2 && g[2] == 4;
        if (!yearFirst && !yearLast) {
            return false;
        }
        int i = start;
        while (!Chars.isDigit(text.charAt(i))) {
            i++;
        }
        if (yearLast) {
            i += 6;
            while (!Chars.isDigit(text.charAt(i))) {
                i++;
            }
        }
        char a = text.charAt(i);
        char b = text.charAt(i + 1);
        return (a == '1' && b == '9') || (a == '2' && b == '0');
    }

    /** 3-3-4, optionally after a lone 1: the North American layout, which {@link #nanp} alone judges. */
    private static boolean nanpLayout(CharSequence text, int start, int[] g, int groups) {
        int f = groups == 4 && g[0] == 1 ? 1 : 0;
        return groups - f == 3 && g[f] == 3 && g[f + 1] == 3 && g[f + 2] == 4 && firstDigit(text, start) != '0';
    }

    private static boolean pairs(int[] g, int groups) {
        for (int k = 0; k < groups; k++) {
            if (g[k] != 2) {
                return false;
            }
        }
        return true;
    }

    /** Words that say a number nearby is a phone number, in the languages of the default regions. */
    private static final String[] CONTEXT = {"phone", "call", "tel", "mobile", "cell", "fax", "office",
            "reach", "answering", "contact", "dial", "whatsapp", "telefon", "téléphone", "portable", "handy",
            "móvil", "celular", "cellulare", "numéro", "nummer", "número", "numero", "puhelin", "sími"};

    /** Whether one of {@link #CONTEXT} appears in the 40 chars before the number or the 12 after it. */
    private static boolean phoneContext(CharSequence text, int start, int end) {
        String around = text.subSequence(Math.max(0, start - 40), Math.min(text.length(), end + 12)).toString()
                .toLowerCase(java.util.Locale.ROOT);
        for (String word : CONTEXT) {
            if (around.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the separators between digit groups are all the same char, not counting a space or
     * dash right after a closing parenthesis ("(86) 6016-5054"), and the run is not a dotted quad.
     */
    private static boolean uniformSeparators(CharSequence text, int start, int end) {
        char sep = 0;
        int dots = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (Chars.isDigit(c) || c == '(' || c == ')') {
                continue;
            }
            if (text.charAt(i - 1) == ')') {
                continue;
            }
            if (sep != 0 && c != sep) {
                return false;
            }
            sep = c;
            dots += c == '.' ? 1 : 0;
        }
        if (sep == '.' && dots >= 2 && thousands(text, start, end)) {
            return false; // 1.439.323 is a figure
        }
        return dots != 3; // 106.31.73.20 is an IP address
    }

    /** Whether every group after the first has exactly three digits, as in a grouped figure. */
    private static boolean thousands(CharSequence text, int start, int end) {
        int len = 0;
        boolean first = true;
        for (int i = start; i <= end; i++) {
            if (i < end && Chars.isDigit(text.charAt(i))) {
                len++;
            } else if (len > 0) {
                if (!first && len != 3) {
                    return false;
                }
                first = false;
                len = 0;
            }
        }
        return true;
    }

    /** Whether libphonenumber finds the digits valid: with '+' in their own region, else in a hint region. */
    private boolean validNumber(CharSequence text, int start, int end, boolean plus, int[] budget) {
        if (budget[0] <= 0) {
            return false;
        }
        StringBuilder digits = new StringBuilder(end - start + 1);
        if (plus) {
            digits.append('+');
        }
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (Chars.isDigit(c)) {
                digits.append(c);
            }
        }
        String number = digits.toString();
        try {
            if (plus) {
                budget[0]--;
                return PHONES.isValidNumber(PHONES.parse(number, "ZZ"));
            }
            for (String region : regions) {
                if (budget[0]-- <= 0) {
                    return false;
                }
                PhoneNumber parsed = PHONES.parse(number, region);
                if (PHONES.isValidNumberForRegion(parsed, region)) {
                    return true;
                }
            }
        } catch (NumberParseException e) {
            return false; // not a number in any plan: too short, too long, bad country code
        }
        return false;
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
