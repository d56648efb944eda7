package dev.modelgate.policy.guard.detect;

import java.util.List;

/**
 * Finds credentials with a recognisable shape: AWS access key ids and labelled secret keys,
 * OpenAI/Anthropic/GitHub/Slack/Google API keys, JWTs (all kind {@code SECRET}) and PEM private
 * key blocks (kind {@code PRIVATE_KEY}).
 *
 * <p>One pass over the text dispatches on the first character of each token, so ordinary prose
 * costs a switch per char and no regex. Every token must start at a word boundary (and not right
 * after '-'), which keeps "risk-free" or "task-list" from looking like an {@code sk-} key. Prefixed
 * tokens must also end at a boundary: a known prefix glued into a longer identifier is not a key.
 *
 * <p>Not covered: unlabelled high-entropy strings (too many hashes and ids look the same), and
 * providers not listed here; policies add those with a regex detector.
 */
final class SecretsDetector extends ScanningDetector {

    static final String KIND = "SECRET";
    static final String PRIVATE_KEY = "PRIVATE_KEY";
    private static final int UNKNOWN = -2;
    private static final int NONE = -1;

    SecretsDetector() {
        super(KIND);
    }

    @Override
    boolean scan(CharSequence text, List<Match> out) {
        boolean found = false;
        int n = text.length();
        int[] nextEnd = {UNKNOWN}; // per call: where the next "-----END " is, so BEGIN spam stays linear
        char prev = '\0'; // the char before i, kept in a local so each char is read once
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            char before = prev;
            prev = c;
            int end;
            int start = i;
            String kind = KIND;
            if (c == '-') {
                end = pem(text, i, nextEnd);
                kind = PRIVATE_KEY;
            } else if (!Chars.isLetter(c) || Chars.isWord(before) || before == '-') {
                // after '-' too: "sk-sk-sk-..." must cost one run scan, not one per repetition
                continue;
            } else {
                end = token(text, i);
                if (end > 0 && Chars.isWord(Chars.at(text, end))) {
                    end = -1; // runs on into more identifier text: some other token
                }
                if (end < 0 && (c == 'a' || c == 'A' || c == 's' || c == 'S')) {
                    // labelled AWS secret: only the value is reported, so the label survives redaction
                    long span = awsSecret(text, i);
                    if (span >= 0) {
                        start = (int) (span >>> 32);
                        end = (int) span;
                    }
                }
            }
            if (end < 0) {
                continue;
            }
            found = true;
            if (emit(out, start, end, kind)) {
                return true;
            }
            i = end - 1;
            prev = text.charAt(i);
        }
        return found;
    }

    /** End of a prefixed token starting at {@code i}, or -1. */
    private static int token(CharSequence text, int i) {
        switch (text.charAt(i)) {
            case 'A':
                if (Chars.regionMatches(text, i, "AKIA") || Chars.regionMatches(text, i, "ASIA")) {
                    return exactRun(text, i + 4, 16, SecretsDetector::isUpperAlnum);
                }
                if (Chars.regionMatches(text, i, "AIza")) {
                    return exactRun(text, i + 4, 35, SecretsDetector::isUrlSafe);
                }
                return -1;
            case 's':
                if (Chars.regionMatches(text, i, "sk-")) {
                    return openAiOrAnthropic(text, i + 3);
                }
                return -1;
            case 'g':
                if (Chars.regionMatches(text, i, "github_pat_")) {
                    return minRun(text, i + 11, 22, SecretsDetector::isAlnumUnderscore);
                }
                if (Chars.regionMatches(text, i, "gh") && "pousr".indexOf(Chars.at(text, i + 2)) >= 0
                        && Chars.at(text, i + 3) == '_') {
                    return minRun(text, i + 4, 36, SecretsDetector::isAlnum);
                }
                return -1;
            case 'x':
                if (Chars.regionMatches(text, i, "xox") && "baprs".indexOf(Chars.at(text, i + 3)) >= 0
                        && Chars.at(text, i + 4) == '-') {
                    int end = minRun(text, i + 5, 10, c -> Chars.isAlnum(c) || c == '-');
                    return end > 0 && hasDigit(text, i + 5, end) ? end : -1;
                }
                return -1;
            case 'e':
                return Chars.regionMatches(text, i, "eyJ") ? jwt(text, i) : -1;
            default:
                return -1;
        }
    }

    private interface CharClass {
        boolean test(char c);
    }

    private static boolean isUpperAlnum(char c) {
        return Chars.isUpper(c) || Chars.isDigit(c);
    }

    private static boolean isAlnum(char c) {
        return Chars.isAlnum(c);
    }

    private static boolean isAlnumUnderscore(char c) {
        return Chars.isWord(c);
    }

    private static boolean isUrlSafe(char c) {
        return Chars.isWord(c) || c == '-';
    }

    private static int run(CharSequence text, int from, CharClass cls) {
        int i = from;
        int n = text.length();
        while (i < n && cls.test(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Exactly {@code len} chars of {@code cls} and then a boundary; else -1. */
    private static int exactRun(CharSequence text, int from, int len, CharClass cls) {
        int end = run(text, from, cls);
        return end - from == len ? end : -1;
    }

    /** At least {@code min} chars of {@code cls}, followed by a char outside the class; else -1. */
    private static int minRun(CharSequence text, int from, int min, CharClass cls) {
        int end = run(text, from, cls);
        return end - from >= min ? end : -1;
    }

    private static boolean hasDigit(CharSequence text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Chars.isDigit(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasLetter(CharSequence text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Chars.isLetter(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code sk-}, {@code sk-proj-}, {@code sk-ant-...}: at least 20 url-safe chars mixing letters and
     * digits. Real keys are random base62/base64url; hyphenated prose ("sk-this-is-not-a-key") has
     * no digits and so stays out.
     */
    private static int openAiOrAnthropic(CharSequence text, int from) {
        int end = run(text, from, SecretsDetector::isUrlSafe);
        if (end - from < 20 || !hasDigit(text, from, end) || !hasLetter(text, from, end)) {
            return -1;
        }
        return end;
    }

    /** header.payload.signature, each base64url; header and payload are JSON objects ("eyJ" = '{"'). */
    private static int jwt(CharSequence text, int i) {
        int headerEnd = run(text, i, SecretsDetector::isUrlSafe);
        if (headerEnd - i < 10 || Chars.at(text, headerEnd) != '.'
                || !Chars.regionMatches(text, headerEnd + 1, "eyJ")) {
            return -1;
        }
        int payloadEnd = run(text, headerEnd + 1, SecretsDetector::isUrlSafe);
        if (payloadEnd - headerEnd - 1 < 10 || Chars.at(text, payloadEnd) != '.') {
            return -1;
        }
        int sigEnd = run(text, payloadEnd + 1, SecretsDetector::isUrlSafe);
        return sigEnd > payloadEnd + 1 ? sigEnd : -1;
    }

    /**
     * A labelled AWS secret access key ({@code aws_secret_access_key = "..."}, also
     * {@code AWS_SECRET_ACCESS_KEY:}, {@code secretAccessKey=}); returns start and end of the
     * 40-char value packed into a long, or -1. Unlabelled 40-char base64 strings are too common
     * (hashes, ids) to report on their own.
     */
    private static long awsSecret(CharSequence text, int i) {
        int p = i;
        if (Chars.regionMatchesIgnoreCase(text, p, "aws")) {
            p += 3;
            p = skipLabelSep(text, p);
        }
        if (!Chars.regionMatchesIgnoreCase(text, p, "secret")) {
            return -1;
        }
        p = skipLabelSep(text, p + 6);
        if (!Chars.regionMatchesIgnoreCase(text, p, "access")) {
            return -1;
        }
        p = skipLabelSep(text, p + 6);
        if (!Chars.regionMatchesIgnoreCase(text, p, "key")) {
            return -1;
        }
        p += 3;
        if (Chars.isWord(Chars.at(text, p))) {
            return -1;
        }
        // optional closing quote of a JSON key, spaces, then '=' or ':' (also ':=' / '=>'), quotes
        int n = text.length();
        int limit = Math.min(n, p + 8);
        boolean assigned = false;
        while (p < limit) {
            char c = text.charAt(p);
            if (c == '=' || c == ':') {
                assigned = true;
            } else if (c == '>' && assigned) {
                // part of "=>"
            } else if (!(c == ' ' || c == '\t' || c == '"' || c == '\'')) {
                break;
            }
            p++;
        }
        if (!assigned) {
            return -1;
        }
        int end = exactRun(text, p, 40, c -> Chars.isAlnum(c) || c == '/' || c == '+' || c == '=');
        return end < 0 ? -1 : ((long) p << 32) | end;
    }

    private static int skipLabelSep(CharSequence text, int p) {
        char c = Chars.at(text, p);
        return (c == '_' || c == '-' || c == ' ') ? p + 1 : p;
    }

    /**
     * A PEM private key block from {@code -----BEGIN ... PRIVATE KEY-----} through its END line. A
     * truncated block (no END, e.g. a paste cut off) still leaks the key material, so it then
     * extends over the following base64 body.
     */
    private static int pem(CharSequence text, int i, int[] nextEnd) {
        if (!Chars.regionMatches(text, i, "-----BEGIN ")) {
            return -1;
        }
        int p = i + 11;
        int labelStart = p;
        int n = text.length();
        while (p < n && p - labelStart <= 40 && (Chars.isUpper(text.charAt(p)) || text.charAt(p) == ' '
                || Chars.isDigit(text.charAt(p)))) {
            p++;
        }
        int close = p;
        if (!Chars.regionMatches(text, close, "-----")) {
            return -1;
        }
        String label = text.subSequence(labelStart, close).toString();
        if (!(label.endsWith("PRIVATE KEY") || label.endsWith("PRIVATE KEY BLOCK"))) {
            return -1;
        }
        int bodyStart = close + 5;
        if (nextEnd[0] != NONE && nextEnd[0] < bodyStart) {
            nextEnd[0] = Chars.indexOf(text, "-----END ", bodyStart);
        }
        int endMarker = nextEnd[0];
        if (endMarker >= 0) {
            for (int k = endMarker + 9; k < Math.min(n - 4, endMarker + 60); k++) {
                if (Chars.regionMatches(text, k, "-----")) {
                    return k + 5;
                }
            }
        }
        int q = bodyStart;
        int last = bodyStart;
        while (q < n) {
            char c = text.charAt(q);
            if (Chars.isAlnum(c) || c == '+' || c == '/' || c == '=') {
                last = q + 1;
            } else if (!(c == '\n' || c == '\r')) {
                // base64 lines only: prose after a cut-off paste must survive redaction
                break;
            }
            q++;
        }
        return last;
    }
}
