package dev.modelgate.policy.guard.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flags text that tries to override the model's instructions.
 *
 * <p>This is a heuristic on purpose: injection is an intent expressed in open-ended natural
 * language, paraphrases and other languages, so no finite pattern set can be complete, and phrases
 * like "ignore the previous instructions" also occur innocently (a user quoting an attack, a
 * security write-up). It catches the common copy-pasted attacks cheaply at the gateway and is meant
 * to be combined with action "log" or a model-based classifier, not trusted as the only defence.
 *
 * <p>How it stays cheap: the scan stops only at word starts and punctuation, where a first-char
 * table finds trigger words; there a cue checks without regex what must follow (the phrase's next
 * words, walking over the filler words it allows, or a ':'), and only when that holds does the
 * anchored, backtracking-safe regex (bounded repetitions of disjoint word lists) run. Prose is full
 * of "you", "what", "from", "show", "do" and "no", so the cue, a necessary condition of the regex,
 * is what keeps them from costing a regex each. Each phrase
 * carries a score; the text is flagged when the scores add up to the threshold, and then every
 * scoring phrase is reported as a span. Strong phrases reach the threshold alone, weak signals
 * ("jailbreak", "developer mode") only together.
 */
final class PromptInjectionDetector extends ScanningDetector {

    static final String KIND = "PROMPT_INJECTION";
    static final int DEFAULT_THRESHOLD = 50;

    /** A phrase: the cues it may start with, its regex (anchored at the trigger), its score. */
    private record Rule(List<Cue> cues, Pattern pattern, int score) {
    }

    /**
     * A trigger word (lower case) and what its phrase needs right after it, checked without regex:
     * with {@code colon}, optional spaces or tabs and a ':'; otherwise a walk over the following
     * words, each after a run of {@link #WS} whitespace and read as a run of ASCII letters: first a
     * word from {@code first} (if set), then (if {@code last} is set) up to {@code maxSkip} words
     * from {@code skip} and a word from {@code last}. Word lists are lower case. Every cue is a
     * necessary condition of its rule's regex: it may let through text the regex then rejects, but
     * never rejects text the regex would accept.
     */
    private record Cue(String word, String[] first, String[] skip, int maxSkip, String[] last, boolean colon) {
    }

    /**
     * Spaces in a template stand for any run of whitespace, including no-break and ideographic;
     * a literal space inside a character class must therefore be written as \x20.
     */
    private static final String WS = "[\\s\\u00A0\\u3000]+";

    private final List<Rule> rules;
    private final InjectionPhrases phrases = new InjectionPhrases();
    /** Trigger words by their first ASCII char, either case; null where no trigger starts. */
    private final Trigger[][] triggersByFirstChar = new Trigger[128][];
    private final int threshold;
    /** Off only in tests, to check that the cues never reject what the regexes would accept. */
    private final boolean useCues;

    /** A literal first word (lower case), the rules that may start with it and their cues. */
    private record Trigger(String word, int[] rules, Cue[] cues, boolean wordStart) {
    }

    private static final List<String> FILLER = List.of("all", "any", "the", "of", "everything", "your", "my",
            "these", "those", "every", "that", "this");
    private static final List<String> BEFORE = List.of("previous", "prior", "above", "earlier", "preceding",
            "former", "foregoing", "system", "initial", "original");
    /** The words {@code orders} below can match. */
    private static final List<String> ORDERS = List.of("instruction", "instructions", "prompt", "prompts",
            "direction", "directions", "directive", "directives", "rules", "guidelines", "message", "messages",
            "context", "command", "commands", "programming", "guardrails", "restrictions", "filters", "policy",
            "policies");
    /** The words the "reveal ..." phrase may put between its verb and what is revealed. */
    private static final List<String> REVEALED = List.of("me", "us", "your", "the", "all", "of", "full",
            "entire", "exact", "initial", "original", "hidden", "secret", "verbatim");

    PromptInjectionDetector(int threshold) {
        this(threshold, true);
    }

    PromptInjectionDetector(int threshold, boolean useCues) {
        super(KIND);
        this.useCues = useCues;
        if (threshold <= 0) {
            throw new IllegalArgumentException("threshold must be positive");
        }
        this.threshold = threshold;
        String filler = "(?:(?:all|any|the|of|everything|your|my|these|those|every|that|this) ){0,4}";
        String before = "(?:previous|prior|above|earlier|preceding|former|foregoing|system|initial|original)";
        String orders = "(?:instructions?|prompts?|directions?|directives?|rules|guidelines|messages?|context"
                + "|commands?|programming|guardrails|restrictions|filters|polic(?:y|ies))";
        String[] fillerWords = words(FILLER);
        String[] orderWords = words(ORDERS);
        String[] disregard = words(BEFORE, List.of("safety", "content"));
        String[] allOf = of("all", "of");
        String[] revealed = words(REVEALED);
        String[] shown = of("system", "initial", "hidden", "instructions", "prompt");
        rules = List.of(
                rule(100, "ignore " + filler + before + " " + orders + "\\b",
                        cue("ignore", null, fillerWords, 4, words(BEFORE))),
                rule(100, "ignore (?:all|any|every) (?:(?:of|the|your|my) ){0,2}" + orders + "\\b",
                        cue("ignore", of("all", "any", "every"), of("of", "the", "your", "my"), 2, orderWords)),
                rule(100, "ignore " + filler + orders + " (?:above|before|so far)\\b",
                        cue("ignore", null, fillerWords, 4, orderWords)),
                rule(100, "(?:disregard|forget|override|bypass) " + filler + "(?:" + before
                        + "|safety|content) " + orders + "\\b",
                        cue("disregard", null, fillerWords, 4, disregard),
                        cue("forget", null, fillerWords, 4, disregard),
                        cue("override", null, fillerWords, 4, disregard),
                        cue("bypass", null, fillerWords, 4, disregard)),
                // without an adjective only "your ..." is an attack; "forget the instructions" is not
                rule(60, "(?:disregard|forget|override|bypass) (?:all (?:of )?)?your " + orders + "\\b",
                        cue("disregard", null, allOf, 2, "your"), cue("forget", null, allOf, 2, "your"),
                        cue("override", null, allOf, 2, "your"), cue("bypass", null, allOf, 2, "your")),
                rule(100, "forget everything (?:above|before|you (?:were|have been) told)\\b",
                        cue("forget", "everything")),
                rule(100, "you are now (?:dan\\b|in (?:developer|god|jailbreak|dan) mode\\b"
                        + "|(?:an? )?(?:unrestricted|unfiltered|uncensored|jailbroken)\\b)",
                        cue("you", of("are"), null, 0, "now")),
                rule(100, "you are (?-i:DAN)\\b", cue("you", of("are"), null, 0, "dan")),
                rule(100, "(?:reveal|show|print|output|repeat|display|tell me|leak|dump|what (?:is|are)) "
                        + "(?:(?:me|us|your|the|all|of|full|entire|exact|initial|original|hidden|secret|verbatim) ){0,4}"
                        + "(?:system (?:prompt|message|instructions)|initial instructions|hidden instructions"
                        + "|(?:instructions|prompt) above)\\b",
                        cue("reveal", null, revealed, 4, shown), cue("show", null, revealed, 4, shown),
                        cue("print", null, revealed, 4, shown),
                        cue("output", null, revealed, 4, shown), cue("repeat", null, revealed, 4, shown),
                        cue("display", null, revealed, 4, shown),
                        cue("tell", of("me"), revealed, 4, shown), cue("leak", null, revealed, 4, shown),
                        cue("dump", null, revealed, 4, shown), cue("what", of("is", "are"), revealed, 4, shown)),
                rule(100, "(?:pretend|act as if|imagine)(?: that)? you (?:have|had|are under|operate with) no "
                        + "(?:restrictions|rules|limits|limitations|filters|guidelines|content polic(?:y|ies)"
                        + "|ethical guidelines)\\b",
                        cue("pretend", null, of("that"), 1, "you"), cue("act", of("as"), null, 0, "if"),
                        cue("imagine", null, of("that"), 1, "you")),
                rule(100, "act as an? (?:unrestricted|unfiltered|uncensored|jailbroken)"
                        + "(?: (?:ai|assistant|model|chatbot|bot|version))?\\b",
                        cue("act", of("as"), null, 0, "a", "an")),
                rule(100, "<\\|im_start\\|>[\\s]*(?:system|developer)\\b", cue("<|im_start|>")),
                rule(100, "<\\|system\\|>", cue("<|system|>")),
                rule(100, "<<SYS>>", cue("<<sys>>")),
                // weak: "### Instruction:" is how Alpaca-style prompt templates are written
                rule(20, "(?<!#)#{2,}+[\\x20\\t]*(?:system|instructions?)[\\x20\\t]*:", cue("##")),
                rule(60, "\\[INST\\]", cue("[inst]")),
                rule(40, "(?m)(?<=^[\\x20\\t]{0,8})system[\\x20\\t]*:", new Cue("system", null, null, 0, null, true)),
                rule(40, "do anything now\\b", cue("do", of("anything"), null, 0, "now")),
                rule(40, "(?:enable |enter |activate )?developer mode\\b",
                        cue("enable", of("developer"), null, 0, "mode"),
                        cue("enter", of("developer"), null, 0, "mode"),
                        cue("activate", of("developer"), null, 0, "mode"), cue("developer", "mode")),
                rule(40, "from now on,? you (?:will|are|must)\\b", cue("from", of("now"), null, 0, "on")),
                rule(30, "jailbr(?:eak|oken)(?:ing|s)?\\b", cue("jailbr")),
                rule(30, "no (?:restrictions|limitations|filters|rules)\\b",
                        cue("no", "restrictions", "limitations", "filters", "rules")));

        Map<String, List<Integer>> byTrigger = new LinkedHashMap<>();
        Map<String, List<Cue>> cuesByTrigger = new LinkedHashMap<>();
        for (int r = 0; r < rules.size(); r++) {
            for (Cue cue : rules.get(r).cues()) {
                byTrigger.computeIfAbsent(cue.word(), k -> new ArrayList<>()).add(r);
                cuesByTrigger.computeIfAbsent(cue.word(), k -> new ArrayList<>()).add(cue);
            }
        }
        Map<Character, List<Trigger>> byFirst = new LinkedHashMap<>();
        byTrigger.forEach((word, ruleList) -> byFirst.computeIfAbsent(word.charAt(0), k -> new ArrayList<>())
                .add(new Trigger(word, ruleList.stream().mapToInt(Integer::intValue).toArray(),
                        cuesByTrigger.get(word).toArray(new Cue[0]), Chars.isLetter(word.charAt(0)))));
        byFirst.forEach((c, list) -> {
            Trigger[] triggers = list.toArray(new Trigger[0]);
            triggersByFirstChar[c] = triggers;
            triggersByFirstChar[Character.toUpperCase(c)] = triggers; // triggers start with a-z or a symbol
        });
    }

    private static Rule rule(int score, String template, Cue... cues) {
        Pattern p = Pattern.compile(template.replace(" ", WS), Pattern.CASE_INSENSITIVE);
        return new Rule(List.of(cues), p, score);
    }

    /** A trigger followed by whitespace and one of {@code next}; with no words, no check at all. */
    private static Cue cue(String word, String... next) {
        return new Cue(word, next.length == 0 ? null : next, null, 0, null, false);
    }

    /** A trigger, optionally one of {@code first}, up to {@code maxSkip} of {@code skip}, one of {@code last}. */
    private static Cue cue(String word, String[] first, String[] skip, int maxSkip, String... last) {
        return new Cue(word, first, skip, maxSkip, last, false);
    }

    private static String[] of(String... words) {
        return words;
    }

    @SafeVarargs
    private static String[] words(List<String>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).distinct().toArray(String[]::new);
    }

    /**
     * The chars {@link #WS} matches: Java's {@code \s} (ASCII only, without UNICODE_CHARACTER_CLASS)
     * plus no-break and ideographic space.
     */
    private static boolean isWs(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r') || c == '\u00A0' || c == '\u3000';
    }

    /** Whether what follows the trigger at {@code i} can continue {@code cue}'s phrase at all. */
    private static boolean cueHolds(CharSequence text, int i, Cue cue) {
        int n = text.length();
        int p = i + cue.word().length();
        if (cue.colon()) {
            while (p < n && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) {
                p++;
            }
            return p < n && text.charAt(p) == ':';
        }
        if (cue.first() != null) {
            p = wordAfter(text, p, cue.first());
            if (p < 0) {
                return false;
            }
        }
        String[] last = cue.last();
        if (last == null) {
            return true;
        }
        for (int k = 0; ; k++) {
            int q = wordStartAfter(text, p);
            if (q < 0) {
                return false;
            }
            int e = letterRunEnd(text, q);
            if (in(last, text, q, e)) {
                return true;
            }
            if (k == cue.maxSkip() || !in(cue.skip(), text, q, e)) {
                return false;
            }
            p = e;
        }
    }

    /** End of the word after whitespace at {@code p} if it is one of {@code words}, else -1. */
    private static int wordAfter(CharSequence text, int p, String[] words) {
        int q = wordStartAfter(text, p);
        if (q < 0) {
            return -1;
        }
        int e = letterRunEnd(text, q);
        return in(words, text, q, e) ? e : -1;
    }

    /** Where the next word starts if {@code p} begins a run of {@link #WS} whitespace, else -1. */
    private static int wordStartAfter(CharSequence text, int p) {
        int n = text.length();
        if (p >= n || !isWs(text.charAt(p))) {
            return -1;
        }
        do {
            p++;
        } while (p < n && isWs(text.charAt(p)));
        return p;
    }

    private static int letterRunEnd(CharSequence text, int q) {
        int n = text.length();
        while (q < n && Chars.isLetter(text.charAt(q))) {
            q++;
        }
        return q;
    }

    private static boolean in(String[] words, CharSequence text, int from, int to) {
        int len = to - from;
        if (words == null || len == 0) {
            return false;
        }
        for (String w : words) {
            if (w.length() == len && Chars.regionMatchesIgnoreCase(text, from, w)) {
                return true;
            }
        }
        return false;
    }

    @Override
    boolean scan(CharSequence text, List<Match> out) {
        Matcher[] matchers = null; // per call and lazily: matchers are not thread-safe
        Spans spans = null;
        int total = 0;
        int n = text.length();
        // Only where a trigger word starts (and its cue holds) does any regex run. The loop stops
        // once per alphanumeric run (at its first char, a word start) and at each other char, so
        // benign text costs little more than reading it. Each regex is anchored at the trigger
        // (lookingAt), so a phrase is tried once per trigger.
        int i = 0;
        while (i < n) {
            int at = i;
            char c = text.charAt(i++);
            if (Chars.isAlnum(c)) {
                while (i < n && Chars.isAlnum(text.charAt(i))) {
                    i++;
                }
            } else if (c >= 128) {
                continue;
            }
            Trigger[] candidates = triggersByFirstChar[c];
            if (candidates == null) {
                continue;
            }
            for (Trigger t : candidates) {
                // letters: only at a word start, which "at" always is for them; markers ("##",
                // "<|"): only at the start of a run, so "#####..." costs one regex, not one per '#'
                if (!t.wordStart() && Chars.at(text, at - 1) == c
                        || !Chars.regionMatchesIgnoreCase(text, at, t.word())) {
                    continue;
                }
                int[] ruleIds = t.rules();
                for (int k = 0; k < ruleIds.length; k++) {
                    int r = ruleIds[k];
                    if (useCues && !cueHolds(text, at, t.cues()[k])) {
                        continue;
                    }
                    if (matchers == null) {
                        matchers = new Matcher[rules.size()];
                    }
                    Matcher m = matchers[r];
                    if (m == null) {
                        m = rules.get(r).pattern().matcher(text);
                        m.useTransparentBounds(true).useAnchoringBounds(false);
                        matchers[r] = m;
                    }
                    m.region(at, n);
                    if (m.lookingAt() && m.end() > at) {
                        total += rules.get(r).score();
                        if (out == null) {
                            if (total >= threshold) {
                                return true;
                            }
                        } else {
                            if (spans == null) {
                                spans = new Spans();
                            }
                            spans.add(at, m.end());
                        }
                    }
                }
            }
        }
        // the multilingual phrase families, read in one more pass over the text and, when the text
        // hides words (zero-width chars, look-alike letters, leetspeak, base64), over its plain view
        if (spans == null && out != null) {
            spans = new Spans();
        }
        Spans collected = spans;
        InjectionPhrases.Scored toSpans = (s, e, score) -> {
            if (collected != null) {
                collected.add(s, e);
            }
        };
        total += phrases.score(text, toSpans);
        if (total < threshold) {
            PlainView plain = PlainView.of(text);
            if (plain != null) {
                total += phrases.score(plain.text(), (s, e, score) -> toSpans.add(plain.original(s), plain.originalEnd(e), score));
            }
        }
        if (total < threshold) {
            return false;
        }
        if (out == null) {
            return true;
        }
        spans.selectMerged((s, e) -> emit(out, s, e, KIND));
        return true;
    }
}
