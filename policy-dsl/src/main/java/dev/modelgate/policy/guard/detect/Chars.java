package dev.modelgate.policy.guard.detect;

/**
 * Character classes shared by the detectors. Boundaries are ASCII-only on purpose: Chinese or Arabic
 * text puts no space between a word and a number ("电话555-123-4567"), so treating every Unicode
 * letter as part of a word would hide data that is plainly there.
 */
final class Chars {

    private Chars() {
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    static boolean isAlnum(char c) {
        return isDigit(c) || isLetter(c);
    }

    /** ASCII letters, digits and underscore: what glues an identifier or token together. */
    static boolean isWord(char c) {
        return isAlnum(c) || c == '_';
    }

    static boolean isSpace(char c) {
        if (c < 128) {
            return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\u001C' && c <= '\u001F');
        }
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    static char lowerAscii(char c) {
        return (c >= 'A' && c <= 'Z') ? (char) (c + 32) : c;
    }

    /** Char at {@code i}, or NUL outside the text: keeps boundary checks free of range tests. */
    static char at(CharSequence s, int i) {
        return (i >= 0 && i < s.length()) ? s.charAt(i) : '\0';
    }

    /** ASCII case-insensitive comparison of {@code lowerWord} (already lower case) at {@code i}. */
    static boolean regionMatchesIgnoreCase(CharSequence s, int i, String lowerWord) {
        int n = lowerWord.length();
        if (i < 0 || i + n > s.length()) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (lowerAscii(s.charAt(i + k)) != lowerWord.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    static boolean regionMatches(CharSequence s, int i, String word) {
        int n = word.length();
        if (i < 0 || i + n > s.length()) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (s.charAt(i + k) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** First index of {@code word} at or after {@code from}, or -1. */
    static int indexOf(CharSequence s, String word, int from) {
        char first = word.charAt(0);
        int last = s.length() - word.length();
        for (int i = Math.max(0, from); i <= last; i++) {
            if (s.charAt(i) == first && regionMatches(s, i, word)) {
                return i;
            }
        }
        return -1;
    }
}
