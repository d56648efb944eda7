package dev.modelgate.policy.guard.detect;

import java.util.List;

/**
 * Finds credentials (kind {@code SECRET}) and PEM private key blocks (kind {@code PRIVATE_KEY}).
 *
 * <p>Four kinds of evidence, each checked where a token starts:
 * <ul>
 *   <li>a vendor prefix from {@link SecretPrefixes} ({@code glpat-}, {@code sk_live_}, {@code hf_},
 *       {@code AKIA}, ...) followed by enough random chars;</li>
 *   <li>a self-describing shape: JWTs, Telegram bot tokens, Mailchimp keys, Azure AD client secrets,
 *       Discord bot tokens, Terraform Cloud tokens;</li>
 *   <li>an assignment to a name that says secret ({@code password = ...}, {@code "api_key": "..."},
 *       {@code Authorization: Bearer ...}, {@code jira_token: ...}), reporting only the value;</li>
 *   <li>credentials inside a URL ({@code https://user:pass@host}) or a {@code curl -u user:pass}.</li>
 * </ul>
 * In every case {@link SecretValues} must find the value random, so documentation examples
 * ({@code AKIAIOSFODNN7EXAMPLE}, {@code ghp_xxxx...}), variables ({@code $TOKEN}) and identifiers
 * stay out.
 *
 * <p>One pass: the loop stops only where a token starts; the end of the token run it is in is
 * cached, and an identifier is checked for a secret name once, so runs like {@code a.a.a.a...} or
 * {@code sk-sk-sk-...} cost linear time.
 */
final class SecretsDetector extends ScanningDetector {

    static final String KIND = "SECRET";
    static final String PRIVATE_KEY = "PRIVATE_KEY";
    private static final int UNKNOWN = -2;
    private static final int NONE = -1;
    /** Longest assigned value looked at; longer quoted strings are prose, not one credential. */
    private static final int MAX_VALUE = 512;
    /** Bits per char a prefixed or shaped token must reach; assigned values use less, see {@link #assignment}. */
    private static final double TOKEN_ENTROPY = 3.0;
    /** The shortest token a shape check can accept: a JWT of two 10-char parts and a dot. */
    private static final int SHORTEST_SHAPE = 21;

    /** Secret words a name may contain (compared lower case, without '_', '-' and '.'). */
    private static final String[] SECRET_NAMES = {"password", "passwd", "passphrase", "pwd", "secret", "token",
            "apikey", "accesskey", "privatekey", "credential", "authorization", "bearer", "auth"};
    /** Name endings that make the value something other than a secret: its id, its length, its URL. */
    private static final String[] NOT_SECRET_ENDINGS = {"id", "ids", "name", "names", "url", "uri", "path", "file",
            "length", "size", "type", "count", "format", "version", "header", "endpoint", "prefix", "expiry",
            "expiresat", "ttl", "mode", "field", "label", "policy", "required", "enabled"};

    private final SecretPrefixes prefixes = new SecretPrefixes();

    SecretsDetector() {
        super(KIND);
    }

    @Override
    boolean scan(CharSequence text, List<Match> out) {
        boolean found = false;
        int n = text.length();
        int[] nextEnd = {UNKNOWN}; // per call: where the next "-----END " is, so BEGIN spam stays linear
        int tokenRunEnd = -1;
        int namesCheckedUntil = -1;
        int[] rejectedValueEnd = {-1}; // per call: where the last refused assigned value ended
        char prev = '\0';
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            char before = prev;
            prev = c;
            long span = -1;
            String kind = KIND;
            if (c == '-') {
                int end = pem(text, i, nextEnd);
                if (end > 0) {
                    span = pack(i, end);
                    kind = PRIVATE_KEY;
                }
            } else if (c == ':') {
                span = urlCredentials(text, i);
            } else if (Chars.isWord(c) && !Chars.isWord(before)) {
                if (i >= tokenRunEnd) {
                    tokenRunEnd = run(text, i, SecretsDetector::isTokenChar);
                }
                span = token(text, i, tokenRunEnd, glued(text, i, before));
                if (span < 0 && i >= namesCheckedUntil) {
                    int nameEnd = run(text, i, SecretsDetector::isNameChar);
                    namesCheckedUntil = nameEnd;
                    rejectedValueEnd[0] = -1;
                    span = assignment(text, i, nameEnd, before, rejectedValueEnd);
                    if (span < 0 && rejectedValueEnd[0] > nameEnd) {
                        // names inside a value just refused ("key=key=key=...") are part of that
                        // value, not assignments of their own: each char is judged as a value once
                        namesCheckedUntil = rejectedValueEnd[0];
                    }
                }
            }
            if (span < 0) {
                continue;
            }
            int start = (int) (span >>> 32);
            int end = (int) span;
            if (out != null && !out.isEmpty() && out.get(out.size() - 1).end() > start) {
                continue; // a value found behind its name must not overlap what was reported before it
            }
            found = true;
            if (emit(out, start, end, kind)) {
                return true;
            }
            i = Math.max(i, end - 1);
            prev = text.charAt(i);
        }
        return found;
    }

    private static long pack(int start, int end) {
        return ((long) start << 32) | end;
    }

    /** Chars a token may be made of: base64, base64url and the separators vendors use. */
    private static boolean isTokenChar(char c) {
        return Chars.isWord(c) || c == '-' || c == '.' || c == '+' || c == '/' || c == '=' || c == '~';
    }

    /** Chars of a name that may be assigned to: identifiers, dotted keys, header names. */
    private static boolean isNameChar(char c) {
        return Chars.isWord(c) || c == '-' || c == '.';
    }

    private interface CharClass {
        boolean test(char c);
    }

    private static int run(CharSequence text, int from, CharClass cls) {
        int i = from;
        int n = text.length();
        while (i < n && cls.test(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * Whether a token at {@code i} is only the middle of something longer: a base64 blob
     * ("...+EZAK..."), a file name ("video_box.ico-7a38..."), a URL path ("/API-BD80...").
     * Right after "//" it is a URL's host, which counts.
     */
    private static boolean glued(CharSequence text, int i, char before) {
        if (before == '/') {
            return Chars.at(text, i - 2) != '/';
        }
        return before == '+' || before == '.' || before == '~' || before == '-';
    }

    /** End of a token run without the trailing punctuation of the sentence around it. */
    private static int trimmedEnd(CharSequence text, int from, int runEnd) {
        int end = runEnd;
        while (end > from && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '/')) {
            end--;
        }
        return end;
    }

    /**
     * A prefixed or self-describing token starting at {@code i}: its span packed, or -1. A
     * {@code glued} token (inside a blob, file name or path) is not checked for a vendor prefix.
     */
    private long token(CharSequence text, int i, int runEnd, boolean glued) {
        int end = trimmedEnd(text, i, runEnd);
        if (end < runEnd && Chars.regionMatches(text, end, "...")) {
            return -1; // "ops_eyJzaWdu...": an example cut short on purpose
        }
        SecretPrefixes.Prefix prefix = glued ? null : prefixes.at(text, i);
        if (prefix != null) {
            int body = i + prefix.prefix().length();
            if (prefix.prefix().equals("AIza")) {
                int e = run(text, body, SecretsDetector::isUrlSafe);
                return e - body == 35 && SecretValues.random(text, body, e, TOKEN_ENTROPY) ? pack(i, e) : -1;
            }
            if (prefix.prefix().equals("SG.")) {
                return sendgrid(text, i, end);
            }
            if (isAwsKeyId(prefix)) {
                int e = run(text, body, c -> Chars.isUpper(c) || Chars.isDigit(c));
                return e - body == 16 && !Chars.isWord(Chars.at(text, e))
                        && SecretValues.random(text, body, e, 3.0) ? pack(i, e) : -1;
            }
            if (end - body >= prefix.minBody() && SecretValues.random(text, body, end, TOKEN_ENTROPY)) {
                return pack(i, end);
            }
        }
        char after = Chars.at(text, runEnd);
        if (runEnd - i < SHORTEST_SHAPE && after != ':' && after != '|') {
            return -1; // ordinary words: shorter than any shape below (Telegram and Facebook go on past ':' / '|')
        }
        char c = text.charAt(i);
        int e = -1;
        if (c == 'e' && Chars.regionMatches(text, i, "eyJ")) {
            e = jwt(text, i);
        } else if (Chars.isDigit(c)) {
            e = telegram(text, i);
            if (e < 0) {
                e = facebook(text, i);
            }
            if (e < 0) {
                e = mailchimp(text, i, end);
            }
        } else if (c == 'M' || c == 'N' || c == 'O') {
            e = discord(text, i, end);
        }
        if (e < 0) {
            e = mailchimp(text, i, end);
        }
        if (e < 0) {
            e = azureClientSecret(text, i, end);
        }
        if (e < 0 && (Chars.at(text, i - 1) == '.' || Chars.at(text, i - 1) == '~')) {
            int a = azureClientSecret(text, i - 1, end);
            if (a > 0) {
                return pack(i - 1, a);
            }
        }
        if (e < 0 && end - i > 80 && Chars.regionMatches(text, i + 14, ".atlasv1.")) {
            e = SecretValues.random(text, i + 23, end, TOKEN_ENTROPY) ? end : -1; // Terraform Cloud
        }
        return e < 0 ? -1 : pack(i, e);
    }

    private static boolean isAwsKeyId(SecretPrefixes.Prefix p) {
        String s = p.prefix();
        return s.length() == 4 && (s.equals("AKIA") || s.equals("ASIA") || s.equals("ABIA") || s.equals("ACCA"));
    }

    /** header.payload.signature, each base64url; header and payload are JSON objects ("eyJ" = '{"'). */
    private static int jwt(CharSequence text, int i) {
        int headerEnd = run(text, i, SecretsDetector::isUrlSafe);
        if (headerEnd - i < 10 || Chars.at(text, headerEnd) != '.'
                || !Chars.regionMatches(text, headerEnd + 1, "eyJ") || !jsonObject(text, i, headerEnd)) {
            return -1;
        }
        int payloadEnd = run(text, headerEnd + 1, SecretsDetector::isUrlSafe);
        if (payloadEnd - headerEnd - 1 < 10) {
            return -1;
        }
        if (Chars.at(text, payloadEnd) != '.') {
            return payloadEnd; // unsigned or cut off: the claims are still there
        }
        int sigEnd = run(text, payloadEnd + 1, SecretsDetector::isUrlSafe);
        return sigEnd > payloadEnd + 1 ? sigEnd : payloadEnd;
    }

    /** Whether base64url {@code [from, to)} decodes to text that looks like a JSON object. */
    private static boolean jsonObject(CharSequence text, int from, int to) {
        try {
            String b64 = text.subSequence(from, to).toString();
            byte[] bytes = java.util.Base64.getUrlDecoder().decode(b64.length() % 4 == 1 ? b64.substring(0, b64.length() - 1) : b64);
            String json = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).strip();
            return json.startsWith("{\"") && json.endsWith("}") && json.contains("\":");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isUrlSafe(char c) {
        return Chars.isWord(c) || c == '-';
    }

    /** Telegram bot token: 5–16 digit bot id, ':A', 34 base64url chars. */
    private static int telegram(CharSequence text, int i) {
        int d = run(text, i, Chars::isDigit);
        if (d - i < 5 || d - i > 16 || !Chars.regionMatches(text, d, ":A")) {
            return -1;
        }
        int e = run(text, d + 2, SecretsDetector::isUrlSafe);
        return e - d - 2 == 34 && SecretValues.random(text, d + 2, e, TOKEN_ENTROPY) ? e : -1;
    }

    /** Facebook app access token: 15–16 digit app id, '|', 27–40 chars of secret. */
    private static int facebook(CharSequence text, int i) {
        int d = run(text, i, Chars::isDigit);
        if (d - i < 15 || d - i > 16 || Chars.at(text, d) != '|') {
            return -1;
        }
        int e = run(text, d + 1, SecretsDetector::isUrlSafe);
        return e - d - 1 >= 27 && e - d - 1 <= 40 && SecretValues.random(text, d + 1, e, TOKEN_ENTROPY) ? e : -1;
    }

    /** SendGrid: "SG.", 22 chars, '.', 43 chars; or 66 chars of base64url, '=' and '.'. */
    private static long sendgrid(CharSequence text, int i, int end) {
        int a = run(text, i + 3, SecretsDetector::isUrlSafe);
        if (a - i - 3 != 22 || Chars.at(text, a) != '.') {
            int e = run(text, i + 3, c -> isUrlSafe(c) || c == '=' || c == '.');
            return e - i - 3 == 66 && SecretValues.random(text, i + 3, e, TOKEN_ENTROPY) ? pack(i, e) : -1;
        }
        int e = run(text, a + 1, SecretsDetector::isUrlSafe);
        return e - a - 1 == 43 && SecretValues.random(text, i + 3, e, TOKEN_ENTROPY) ? pack(i, e) : -1;
    }

    /** Mailchimp API key: 32 hex chars, '-us' and a data-centre number. */
    private static int mailchimp(CharSequence text, int i, int end) {
        int h = run(text, i, c -> Chars.isDigit(c) || (c >= 'a' && c <= 'f'));
        if (h - i != 32 || !Chars.regionMatches(text, h, "-us")) {
            return -1;
        }
        int e = run(text, h + 3, Chars::isDigit);
        return e - h - 3 >= 1 && e - h - 3 <= 2 && SecretValues.random(text, i, h, TOKEN_ENTROPY) ? e : -1;
    }

    /** Discord bot token: base64 user id starting M/N/O, '.', 6 chars, '.', 27+ chars. */
    private static int discord(CharSequence text, int i, int end) {
        int a = run(text, i, SecretsDetector::isUrlSafe);
        if (a - i < 24 || a - i > 26 || Chars.at(text, a) != '.') {
            return -1;
        }
        int b = run(text, a + 1, SecretsDetector::isUrlSafe);
        if (b - a - 1 != 6 || Chars.at(text, b) != '.') {
            return -1;
        }
        int e = run(text, b + 1, SecretsDetector::isUrlSafe);
        return e - b - 1 >= 27 && SecretValues.random(text, i, e, TOKEN_ENTROPY) ? e : -1;
    }

    /** Azure AD client secret: three chars, a digit, 'Q~', 31–34 more. */
    private static int azureClientSecret(CharSequence text, int i, int end) {
        if (end - i < 36 || !Chars.isDigit(text.charAt(i + 3)) || text.charAt(i + 4) != 'Q'
                || text.charAt(i + 5) != '~') {
            return -1;
        }
        int e = run(text, i + 6, c -> Chars.isWord(c) || c == '~' || c == '.' || c == '-');
        return e - i - 6 >= 31 && e - i - 6 <= 34 && SecretValues.random(text, i + 6, e, TOKEN_ENTROPY) ? e : -1;
    }

    /**
     * A value assigned to a secret name: {@code name = value}, {@code name: value},
     * {@code "name": "value"}, {@code name := value}, {@code name != "value"}, {@code -u user:pass}.
     * Returns the value's span (the name survives redaction) or -1.
     */
    private long assignment(CharSequence text, int i, int nameEnd, char before, int[] rejectedValueEnd) {
        int n = text.length();
        boolean curlUser = before == '-' && (nameEnd - i == 1 && text.charAt(i) == 'u'
                || nameEnd - i == 4 && Chars.regionMatches(text, i, "user"));
        if (curlUser) {
            return curlUser(text, nameEnd);
        }
        if (nameEnd - i < 3 || nameEnd - i > 80) {
            return -1;
        }
        int p = nameEnd;
        if (Chars.at(text, p) == '[') {
            int close = p + 1;
            while (close < Math.min(n, p + 6) && Chars.isDigit(text.charAt(close))) {
                close++;
            }
            p = Chars.at(text, close) == ']' ? close + 1 : p; // "char secret[25] = ..."
        }
        if (p < n && (text.charAt(p) == '"' || text.charAt(p) == '\'' || text.charAt(p) == '`')) {
            p++; // end of a quoted key
        }
        p = skipBlanks(text, p, 4);
        int op = p;
        while (p < n && p - op < 3 && "=:!?+>".indexOf(text.charAt(p)) >= 0) {
            p++;
        }
        boolean assigned = p > op && !(p - op == 1 && text.charAt(op) == '>');
        if (!assigned && Chars.at(text, p) == ',' && p > nameEnd && isQuote(text.charAt(p - 1))) {
            p = skipBlanks(text, p + 1, 2); // getenv("api_token", "value"), ["token", "value"]
            assigned = isQuote(Chars.at(text, p));
        }
        if (!assigned && p == nameEnd && Chars.at(text, p) == '(' && isQuote(Chars.at(text, p + 1))) {
            p++; // secret("value"): a constructor or setter given the literal
            assigned = true;
        }
        if (!assigned && !(p > nameEnd && Chars.at(text, p) == '"')) {
            // no operator; only `secret "value"` (a space and a quote) still counts, or a
            // comparison written the other way round: ("value" == password)
            long compared = comparedBefore(text, i);
            return compared >= 0 && secretName(text, i, nameEnd) != 0
                    && acceptableValue(text, (int) (compared >>> 32), (int) compared) ? compared : -1;
        }
        int strength = secretName(text, i, nameEnd);
        if (strength == 0) {
            return -1;
        }
        p = skipBlanks(text, p, 8);
        if (Chars.at(text, p) == '@') {
            p++; // C# verbatim string
        }
        long value = value(text, p);
        if (value < 0) {
            return -1;
        }
        int vs = (int) (value >>> 32);
        int ve = (int) value;
        rejectedValueEnd[0] = ve; // the caller looks at it only when the value is refused
        int word = run(text, vs, Chars::isLetter);
        if (Chars.at(text, word) == ' ' && scheme(text, vs, word)) {
            // "Authorization: Bearer abc...", "auth: Basic dXNlcjpwYXNz": the credential follows the scheme
            vs = word + 1;
            ve = run(text, vs, c -> isTokenChar(c) || c == ':');
        }
        if (ve <= vs) {
            return -1;
        }
        if (strength == 3 && ve - vs < 16) {
            return -1; // a name that only ends in "key" or "pass" needs a longer value
        }
        if (announcesFamily(text, vs, ve)) {
            // a value that starts like a known family must have that family's format:
            // "sm_aat_jrmbnf7vbu" is too short for a SettleMint token, "4545:A-19q..." is no Telegram token
            long asToken = token(text, vs, run(text, vs, SecretsDetector::isTokenChar), false);
            return asToken >= 0 ? asToken : -1;
        }
        return acceptableValue(text, vs, ve) ? pack(vs, ve) : -1;
    }

    /** Whether the value opens with a vendor prefix or a Telegram-style "digits:A". */
    private boolean announcesFamily(CharSequence text, int vs, int ve) {
        if (prefixes.at(text, vs) != null) {
            return true;
        }
        int d = run(text, vs, Chars::isDigit);
        return d - vs >= 4 && d < ve && Chars.regionMatches(text, d, ":A");
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '\'' || c == '`';
    }

    /** A quoted literal compared with the name at {@code i}: {@code "value" == name}, {@code 'v' !== name}. */
    private static long comparedBefore(CharSequence text, int i) {
        int p = i - 1;
        int stop = Math.max(0, i - 8);
        while (p >= stop && text.charAt(p) == ' ') {
            p--;
        }
        int opEnd = p;
        while (p >= 0 && opEnd - p < 3 && (text.charAt(p) == '=' || text.charAt(p) == '!')) {
            p--;
        }
        if (opEnd - p < 2 || text.charAt(opEnd) != '=' || text.charAt(opEnd - 1) != '=' && text.charAt(opEnd - 1) != '!') {
            return -1;
        }
        while (p >= stop - 4 && p >= 0 && text.charAt(p) == ' ') {
            p--;
        }
        if (p < 0 || !isQuote(text.charAt(p))) {
            return -1;
        }
        char q = text.charAt(p);
        int close = p;
        int limit = Math.max(0, close - MAX_VALUE);
        for (int k = close - 1; k >= limit; k--) {
            char c = text.charAt(k);
            if (c == '\n') {
                return -1;
            }
            if (c == q) {
                return k + 1 < close ? pack(k + 1, close) : -1;
            }
        }
        return -1;
    }

    private static boolean scheme(CharSequence text, int from, int to) {
        int len = to - from;
        return (len == 6 && Chars.regionMatchesIgnoreCase(text, from, "bearer"))
                || (len == 5 && Chars.regionMatchesIgnoreCase(text, from, "basic"))
                || (len == 5 && Chars.regionMatchesIgnoreCase(text, from, "token"))
                || (len == 6 && Chars.regionMatchesIgnoreCase(text, from, "digest"));
    }

    private static int skipBlanks(CharSequence text, int p, int max) {
        int n = text.length();
        int limit = Math.min(n, p + max);
        while (p < limit && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) {
            p++;
        }
        return p;
    }

    /** The value at {@code p}: a quoted string on one line, or a run up to blank, quote, ',' or ';'. */
    private static long value(CharSequence text, int p) {
        int n = text.length();
        char q = Chars.at(text, p);
        int limit = Math.min(n, p + MAX_VALUE + 1);
        if (q == '"' || q == '\'' || q == '`') {
            int vs = p + 1;
            int k = vs;
            while (k < limit && text.charAt(k) != q && text.charAt(k) != '\n') {
                k++;
            }
            return k < limit && text.charAt(k) == q && k > vs ? pack(vs, k) : -1;
        }
        int k = p;
        while (k < limit) {
            char c = text.charAt(k);
            if (Chars.isSpace(c) || c == '"' || c == '\'' || c == ',' || c == ';') {
                break;
            }
            k++;
        }
        if (k == limit && k - p > MAX_VALUE) {
            return -1;
        }
        while (k > p && (text.charAt(k - 1) == ')' || text.charAt(k - 1) == '}' || text.charAt(k - 1) == ']'
                || text.charAt(k - 1) == '.')) {
            k--;
        }
        return k > p ? pack(p, k) : -1;
    }

    /**
     * How strongly a name says its value is secret: 0 not at all, 1 a secret word
     * ({@code db_password}, {@code jira_token}), 2 an authorization header, 3 only a telling ending
     * ({@code loki_key}, {@code db_pass}).
     */
    private static int secretName(CharSequence text, int from, int to) {
        StringBuilder b = new StringBuilder(to - from);
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            if (c != '_' && c != '-' && c != '.') {
                b.append(Chars.lowerAscii(c));
            }
        }
        String name = b.toString();
        for (String ending : NOT_SECRET_ENDINGS) {
            if (name.endsWith(ending)) {
                return 0;
            }
        }
        if (name.contains("public") || name.startsWith("pub") || name.contains("csrf") || name.contains("xsrf")) {
            return 0; // publishable keys are meant to be seen
        }
        if (name.contains("authorization") || name.contains("bearer")) {
            return 2;
        }
        for (String word : SECRET_NAMES) {
            if (name.contains(word)) {
                return 1;
            }
        }
        // "pass", "key", "sig" only at the end: db_pass, loki_key, api-key, but not passenger or keyboard
        String raw = text.subSequence(from, to).toString().toLowerCase(java.util.Locale.ROOT);
        if (raw.contains("pass_") || raw.contains("pass-") || raw.contains("pass.")) {
            return 1; // db_pass_secure
        }
        if (name.contains("contribsys")) {
            return 1; // Sidekiq Enterprise gem credentials: BUNDLE_ENTERPRISE__CONTRIBSYS__COM
        }
        return name.endsWith("pass") || name.endsWith("key") || name.endsWith("pat") ? 3 : 0;
    }

    /** Whether an assigned value is a credential rather than a placeholder, a reference or a word. */
    private static boolean acceptableValue(CharSequence text, int vs, int ve) {
        int len = ve - vs;
        if (len < 8 || len > MAX_VALUE) {
            return false;
        }
        for (int k = vs; k < ve; k++) {
            char c = text.charAt(k);
            if (c == ' ' && len > 64) {
                return false; // a sentence, not a password
            }
            if (c == ':' && k + 2 < ve && text.charAt(k + 1) == '/' && text.charAt(k + 2) == '/') {
                return false; // a URL; credentials inside one are found by urlCredentials
            }
        }
        char first = text.charAt(vs);
        if (first == '/' || first == '.' || (first == '\\')) {
            return false; // a path
        }
        int dots = 0;
        boolean base64 = false;
        for (int k = vs; k < ve; k++) {
            char c = text.charAt(k);
            dots += c == '.' ? 1 : 0;
            base64 |= c == '/' || c == '+' || c == '=' || c == '{' || c == '$';
        }
        if (identifierOrProse(text, vs, ve)) {
            return false; // "real_key", "ACCESS_TOKEN", "doesnt start right": names and words, not values
        }
        if (dots >= 2 && !base64) {
            return false; // a host name or a version: "sm02915.int.contoso.com", "jjwt-jackson-0.11.2"
        }
        // lower bar than bare tokens: the name already says secret, and passwords are typed by people
        return SecretValues.random(text, vs, ve, 2.5);
    }

    /** Only letters of one case, with '_' or ' ' between them: an identifier or a phrase. */
    private static boolean identifierOrProse(CharSequence text, int from, int to) {
        boolean upper = false;
        boolean lower = false;
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            if (Chars.isUpper(c)) {
                upper = true;
            } else if (c >= 'a' && c <= 'z') {
                lower = true;
            } else if (c != '_' && c != ' ') {
                return false;
            }
        }
        return !(upper && lower);
    }

    /** {@code -u user:pass} / {@code --user "user:pass"}: the password part. */
    private static long curlUser(CharSequence text, int p) {
        p = skipBlanks(text, p, 4);
        long value = value(text, p);
        if (value < 0) {
            return -1;
        }
        int vs = (int) (value >>> 32);
        int ve = (int) value;
        int colon = -1;
        for (int k = vs; k < ve; k++) {
            if (text.charAt(k) == ':') {
                colon = k;
                break;
            }
        }
        if (colon < 0 || SecretValues.placeholder(text, vs, ve)) {
            return -1;
        }
        if (colon + 1 == ve) {
            char q = Chars.at(text, ve);
            if (q == '\'' || q == '"') {
                long quoted = value(text, ve); // kevin:'pRf7...'
                if (quoted >= 0 && password(text, (int) (quoted >>> 32), (int) quoted)) {
                    return quoted;
                }
            }
            // "token:" - a token sent as the user name with an empty password
            return colon > vs && password(text, vs, colon) ? pack(vs, colon) : -1;
        }
        return password(text, colon + 1, ve) ? pack(colon + 1, ve) : -1;
    }

    /** A password typed by a person: not a word that names it, not a variable, some variety. */
    private static boolean password(CharSequence text, int from, int to) {
        int len = to - from;
        if (len < 6 || SecretValues.placeholder(text, from, to)) {
            return false;
        }
        for (String word : new String[] {"password", "passwd", "pass", "secret", "token", "test", "user",
                "username", "yyy", "admin"}) {
            if (len == word.length() && Chars.regionMatchesIgnoreCase(text, from, word)) {
                return false;
            }
        }
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            char next = Chars.at(text, k + 1);
            if (c == '$' && (next == '{' || next == '(' || next == '_' || Chars.isLetter(next))) {
                return false; // "${APPID}", "$(cat pw.txt)", "$PASSWORD"
            }
            if (c == '{' || c == '}') {
                return false; // templates: "{{ .Values.password }}"
            }
        }
        return SecretValues.random(text, from, to, 2.0);
    }

    /** {@code scheme://user:password@host}: the password's span, or -1. {@code i} is at the ':'. */
    private static long urlCredentials(CharSequence text, int i) {
        if (!Chars.regionMatches(text, i, "://")) {
            return -1;
        }
        int userStart = i + 3;
        int n = text.length();
        int limit = Math.min(n, userStart + 256);
        int colon = -1;
        int k = userStart;
        for (; k < limit; k++) {
            char c = text.charAt(k);
            if (c == ':' && colon < 0) {
                colon = k;
            } else if (c == '@') {
                break;
            } else if (c == '/' || Chars.isSpace(c) || c == '"' || c == '\'' || c == '<' || c == '>') {
                return -1;
            }
        }
        if (k >= limit || colon <= userStart || colon + 1 >= k) {
            return -1;
        }
        return password(text, colon + 1, k) ? pack(colon + 1, k) : -1;
    }

    /**
     * A PEM private key block from {@code -----BEGIN ... PRIVATE KEY-----} through its END line. A
     * truncated block (no END, e.g. a paste cut off) still leaks the key material, so it then
     * extends over the following base64 body. A block with (almost) no body, as in documentation,
     * is not reported.
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
            if (base64Chars(text, bodyStart, endMarker) < 12) {
                return -1;
            }
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
        return base64Chars(text, bodyStart, last) < 12 ? -1 : last;
    }

    /** Base64 chars in {@code [from, to)}, stopping once 16 are seen (that is all the caller asks). */
    private static int base64Chars(CharSequence text, int from, int to) {
        int count = 0;
        for (int k = from; k < to && count < 16; k++) {
            char c = text.charAt(k);
            if (Chars.isAlnum(c) || c == '+' || c == '/') {
                count++;
            }
        }
        return count;
    }
}
