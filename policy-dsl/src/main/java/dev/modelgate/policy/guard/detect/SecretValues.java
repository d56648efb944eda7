package dev.modelgate.policy.guard.detect;

/**
 * Decides whether a candidate value looks like a generated secret rather than a placeholder, a
 * documentation example or ordinary identifier text. The one place for this rule: prefixed
 * tokens, keyword-anchored assignments and credentials in URLs or headers all ask here.
 *
 * <p>What is refused: {@code xxxx}, {@code ****}, {@code EXAMPLE}, {@code <your token>},
 * {@code $VAR}, {@code abcdef123456} runs, one char repeated, camelCase identifiers without a
 * digit, and anything whose Shannon entropy is below what a random string of that length has.
 */
final class SecretValues {

    private static final String[] PLACEHOLDERS = {"xxxx", "****", "....", "example", "placeholder", "your_",
            "your-", "yourtoken", "####", "redacted", "changeme", "dummy", "insert", "replace", "fake"};

    /**
     * Percent of vowels among letters from which a letter-heavy value reads as words: random
     * base36 has about 19%, English about 38%.
     */
    private static final int WORD_VOWELS = 30;

    private SecretValues() {
    }

    /**
     * Whether {@code [from, to)} is random enough to be a secret.
     *
     * @param minEntropy bits per char the value must reach (3.0 suits tokens, lower suits passwords)
     */
    static boolean random(CharSequence text, int from, int to, double minEntropy) {
        int len = to - from;
        if (len <= 0) {
            return false;
        }
        if (placeholder(text, from, to)) {
            return false;
        }
        int[] counts = new int[128];
        int digits = 0;
        int upper = 0;
        int lower = 0;
        int sameCaseAfter = 0;
        int sequential = 0;
        int other = 0;
        char prev = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < 128) {
                counts[c]++;
            } else {
                other++;
            }
            if (Chars.isDigit(c)) {
                digits++;
            } else if (Chars.isUpper(c)) {
                upper++;
            } else if (c >= 'a' && c <= 'z') {
                lower++;
            }
            if ((Chars.isUpper(c) && Chars.isUpper(prev)) || (c >= 'a' && c <= 'z' && prev >= 'a' && prev <= 'z')) {
                sameCaseAfter++;
            }
            if (i > from && (c == prev + 1 || c == prev - 1)) {
                sequential++; // "abcdef", "123456", "987654": typed by hand
            }
            prev = c;
        }
        if (sequential * 10 > len * 3) {
            return false;
        }
        double entropy = 0;
        int max = 0;
        for (int k : counts) {
            if (k > 0) {
                double p = (double) k / len;
                entropy -= p * (Math.log(p) / Math.log(2));
                max = Math.max(max, k);
            }
        }
        if (other > 0) {
            entropy += 1; // non-ASCII chars are rare in generated secrets; do not let them score low
        }
        if (max * 10 > len * 4) {
            return false; // one char is 40% of it: "glc_1111111...", "AAAAAAAA"
        }
        // a random string of n symbols cannot exceed log2(n) bits per char; short values get that ceiling
        double needed = Math.min(minEntropy, Math.log(len) / Math.log(2) - 0.5);
        if (entropy < needed) {
            return false;
        }
        int letters = upper + lower;
        boolean hex = hexLetters(text, from, to);
        if (letters >= 12 && !hex && letters * 10 >= len * 7 && digits * 10 < len && sameCaseAfter * 2 > len
                && vowels(text, from, to) * 100 >= letters * WORD_VOWELS) {
            // words: letters in runs of one case, as many vowels as language has ("SalesResults",
            // "Slack_BOT_TOKEN_goes_here"); random text switches case and has few vowels
            return false;
        }
        if (digits == 0 && !hex) {
            // no digit: random only with a second class of chars (case or symbols)
            int classes = (upper > 0 ? 1 : 0) + (lower > 0 ? 1 : 0) + (len - letters - other > 0 ? 1 : 0);
            if (classes < 2) {
                return false;
            }
        }
        return true;
    }

    private static boolean hexLetters(CharSequence text, int from, int to) {
        boolean any = false;
        for (int i = from; i < to; i++) {
            char c = Chars.lowerAscii(text.charAt(i));
            if (c >= 'g' && c <= 'z') {
                return false;
            }
            any |= c >= 'a' && c <= 'f';
        }
        return any;
    }

    private static int vowels(CharSequence text, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            if ("aeiouAEIOU".indexOf(text.charAt(i)) >= 0) {
                v++;
            }
        }
        return v;
    }

    /** Whether the value contains a documentation marker: {@code xxxx}, {@code EXAMPLE}, {@code <...>}. */
    static boolean placeholder(CharSequence text, int from, int to) {
        for (String p : PLACEHOLDERS) {
            if (indexOfIgnoreCase(text, p, from, to) >= 0) {
                return true;
            }
        }
        char first = text.charAt(from);
        // a variable or template reference, not a value: $TOKEN, ${X}, %(x)s, {{ x }}, [PASSWORD]
        return first == '$' || first == '%' || first == '{' || first == '[' || first == '(' || first == '<';
    }

    private static int indexOfIgnoreCase(CharSequence text, String lowerWord, int from, int to) {
        int last = to - lowerWord.length();
        for (int i = from; i <= last; i++) {
            if (Chars.regionMatchesIgnoreCase(text, i, lowerWord)) {
                return i;
            }
        }
        return -1;
    }
}
