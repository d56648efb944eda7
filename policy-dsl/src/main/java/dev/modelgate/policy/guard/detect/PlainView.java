package dev.modelgate.policy.guard.detect;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Base64;

/**
 * The text as a reader sees it when an attack hides its words from literal matching: zero-width
 * and soft-hyphen chars removed, fullwidth and mathematical letters folded to ASCII (NFKC),
 * Cyrillic and Greek look-alikes inside Latin words replaced by the Latin letter, leetspeak digits
 * inside words read as letters ("1gn0re"), and base64 runs decoded. Each char of the view knows
 * the span of the original it came from, so findings are reported on the original text.
 *
 * <p>{@link #of} returns null when nothing was hidden, which is the common case: ordinary text then
 * costs one read and no copy.
 */
final class PlainView {

    private static final int MIN_BASE64 = 24;

    private final String text;
    private final int[] start;
    private final int[] end;

    private PlainView(String text, int[] start, int[] end) {
        this.text = text;
        this.start = start;
        this.end = end;
    }

    String text() {
        return text;
    }

    /** Original index where view char {@code i} comes from. */
    int original(int i) {
        return start[Math.min(i, start.length - 1)];
    }

    /** Original end index of the span that ends with view char {@code e - 1}. */
    int originalEnd(int e) {
        return end[Math.max(0, Math.min(e - 1, end.length - 1))];
    }

    /** The plain view, or null if the text hides nothing this class undoes. */
    static PlainView of(CharSequence text) {
        int n = text.length();
        if (!suspicious(text)) {
            return null;
        }
        StringBuilder out = new StringBuilder(n);
        int[] starts = new int[n + 16];
        int[] ends = new int[n + 16];
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            int width = Character.isHighSurrogate(c) && i + 1 < n ? 2 : 1;
            if (isInvisible(c)) {
                i++;
                continue;
            }
            int b64End = c < 128 && isBase64(c) && !isBase64(Chars.at(text, i - 1)) ? base64Run(text, i) : -1;
            if (b64End > 0) {
                String decoded = decode(text, i, b64End);
                if (decoded != null) {
                    out.append(' ');
                    starts = put(starts, out.length() - 1, i);
                    ends = put(ends, out.length() - 1, b64End);
                    for (int k = 0; k < decoded.length(); k++) {
                        out.append(decoded.charAt(k));
                        starts = put(starts, out.length() - 1, i);
                        ends = put(ends, out.length() - 1, b64End);
                    }
                    out.append(' ');
                    starts = put(starts, out.length() - 1, i);
                    ends = put(ends, out.length() - 1, b64End);
                    i = b64End;
                    continue;
                }
            }
            char mapped = fold(text, i, c, width, out);
            out.append(mapped);
            starts = put(starts, out.length() - 1, i);
            ends = put(ends, out.length() - 1, i + width);
            i += width;
        }
        return new PlainView(out.toString(), starts, ends);
    }

    private static int[] put(int[] a, int index, int value) {
        int[] arr = index < a.length ? a : java.util.Arrays.copyOf(a, Math.max(a.length * 2, index + 16));
        arr[index] = value;
        return arr;
    }

    /** Whether anything in the text is of a kind {@link #of} undoes; one cheap read. */
    private static boolean suspicious(CharSequence text) {
        int n = text.length();
        int base64Run = 0;
        char prev = ' ';
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 128) {
                if (isInvisible(c) || (c >= '\uFF01' && c <= '\uFF5E') || Character.isSurrogate(c)
                        || (lookAlike(c) != 0 && Chars.isLetter(prev))) {
                    return true;
                }
            } else if (leet(c) != 0 && Chars.isLetter(prev) && Chars.isLetter(Chars.at(text, i + 1))) {
                return true;
            }
            base64Run = c < 128 && isBase64(c) ? base64Run + 1 : 0;
            if (base64Run >= MIN_BASE64) {
                return true;
            }
            prev = c;
        }
        return false;
    }

    private static boolean isInvisible(char c) {
        return (c >= '\u200B' && c <= '\u200F') || (c >= '\u2060' && c <= '\u2064') || c == '\uFEFF'
                || c == '\u00AD' || c == '\u180E';
    }

    private static char fold(CharSequence text, int i, char c, int width, StringBuilder out) {
        if (c >= '\uFF01' && c <= '\uFF5E') {
            return (char) (c - 0xFEE0); // fullwidth ASCII
        }
        if (width == 2) {
            String nfkc = Normalizer.normalize(text.subSequence(i, i + 2), Normalizer.Form.NFKC);
            return nfkc.length() == 1 ? nfkc.charAt(0) : '\uFFFD'; // mathematical letters -> ASCII
        }
        char prev = out.length() > 0 ? out.charAt(out.length() - 1) : ' ';
        char next = Chars.at(text, i + 1);
        if (c >= 128) {
            char latin = lookAlike(c);
            // only inside a Latin word: Russian text keeps its own letters
            if (latin != 0 && (Chars.isLetter(prev) || Chars.isLetter(next))) {
                return latin;
            }
            return c;
        }
        char letter = leet(c);
        char afterNext = Chars.at(text, i + 2);
        if (letter != 0 && (Chars.isLetter(prev) && !Chars.isDigit(next)
                || Chars.isLetter(prev) && leet(next) != 0
                || Chars.isLetter(next) && (Chars.isLetter(afterNext) || leet(afterNext) != 0) && !Chars.isDigit(prev))) {
            return letter;
        }
        return c;
    }

    /** Digits and symbols leetspeak uses for letters. */
    private static char leet(char c) {
        return switch (c) {
            case '0' -> 'o';
            case '1' -> 'i';
            case '3' -> 'e';
            case '4', '@' -> 'a';
            case '5', '$' -> 's';
            case '7' -> 't';
            default -> 0;
        };
    }

    /** The Latin letter a Cyrillic or Greek one is drawn like, or 0. */
    private static char lookAlike(char c) {
        return switch (c) {
            case 'а', 'α' -> 'a';
            case 'е', 'ε' -> 'e';
            case 'о', 'ο' -> 'o';
            case 'р', 'ρ' -> 'p';
            case 'с' -> 'c';
            case 'у' -> 'y';
            case 'х', 'χ' -> 'x';
            case 'і', 'ι' -> 'i';
            case 'ј' -> 'j';
            case 'ѕ' -> 's';
            case 'ԁ' -> 'd';
            case 'ɡ' -> 'g';
            case 'ӏ' -> 'l';
            case 'κ' -> 'k';
            case 'ν' -> 'v';
            case 'τ' -> 't';
            case 'υ' -> 'u';
            case 'А', 'Α' -> 'A';
            case 'Е', 'Ε' -> 'E';
            case 'О', 'Ο' -> 'O';
            case 'Р', 'Ρ' -> 'P';
            case 'С' -> 'C';
            case 'Т', 'Τ' -> 'T';
            case 'Н', 'Η' -> 'H';
            case 'К', 'Κ' -> 'K';
            case 'М', 'Μ' -> 'M';
            case 'В', 'Β' -> 'B';
            case 'Х', 'Χ' -> 'X';
            case 'І', 'Ι' -> 'I';
            default -> 0;
        };
    }

    private static boolean isBase64(char c) {
        return Chars.isAlnum(c) || c == '+' || c == '/' || c == '=';
    }

    private static int base64Run(CharSequence text, int from) {
        int i = from;
        int n = text.length();
        while (i < n && isBase64(text.charAt(i))) {
            i++;
        }
        return i - from >= MIN_BASE64 ? i : -1;
    }

    /** The decoded run if it is base64 of mostly printable text, else null. */
    private static String decode(CharSequence text, int from, int to) {
        String run = text.subSequence(from, to).toString();
        int usable = run.length() - run.length() % 4;
        try {
            byte[] bytes = Base64.getDecoder().decode(run.substring(0, usable));
            String s = new String(bytes, StandardCharsets.UTF_8);
            int printable = 0;
            int letters = 0;
            for (int k = 0; k < s.length(); k++) {
                char c = s.charAt(k);
                if (c >= 32 && c != '\uFFFD' || c == '\n' || c == '\t') {
                    printable++;
                }
                letters += Character.isLetter(c) ? 1 : 0;
            }
            boolean readable = printable * 10 >= s.length() * 9 && letters * 2 >= s.length() && s.indexOf(' ') >= 0;
            return readable ? s : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
