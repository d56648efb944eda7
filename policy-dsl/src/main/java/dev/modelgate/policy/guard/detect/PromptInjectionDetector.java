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
 * <p>How it stays cheap: a first-char table finds trigger words at word starts; only there does an
 * anchored, backtracking-safe regex (bounded repetitions of disjoint word lists) run. Each phrase
 * carries a score; the text is flagged when the scores add up to the threshold, and then every
 * scoring phrase is reported as a span. Strong phrases reach the threshold alone, weak signals
 * ("jailbreak", "developer mode") only together.
 */
final class PromptInjectionDetector extends ScanningDetector {

    static final String KIND = "PROMPT_INJECTION";
    static final int DEFAULT_THRESHOLD = 50;

    /** A phrase: the triggers it may start with, its regex (anchored at the trigger), its score. */
    private record Rule(List<String> triggers, Pattern pattern, int score) {
    }

    /**
     * Spaces in a template stand for any run of whitespace, including no-break and ideographic;
     * a literal space inside a character class must therefore be written as \x20.
     */
    private static final String WS = "[\\s\\u00A0\\u3000]+";

    private final List<Rule> rules;
    /** Trigger words by their first (ASCII, lower-case) char; null where no trigger starts. */
    private final Trigger[][] triggersByFirstChar = new Trigger[128][];
    private final int threshold;

    /** A literal first word (lower case) and the rules that may start with it. */
    private record Trigger(String word, int[] rules, boolean wordStart) {
    }

    PromptInjectionDetector(int threshold) {
        super(KIND);
        if (threshold <= 0) {
            throw new IllegalArgumentException("threshold must be positive");
        }
        this.threshold = threshold;
        String filler = "(?:(?:all|any|the|of|everything|your|my|these|those|every|that|this) ){0,4}";
        String before = "(?:previous|prior|above|earlier|preceding|former|foregoing|system|initial|original)";
        String orders = "(?:instructions?|prompts?|directions?|directives?|rules|guidelines|messages?|context"
                + "|commands?|programming|guardrails|restrictions|filters|polic(?:y|ies))";
        rules = List.of(
                rule(100, "ignore " + filler + before + " " + orders + "\\b", "ignore"),
                rule(100, "ignore (?:all|any|every) (?:(?:of|the|your|my) ){0,2}" + orders + "\\b", "ignore"),
                rule(100, "ignore " + filler + orders + " (?:above|before|so far)\\b", "ignore"),
                rule(100, "(?:disregard|forget|override|bypass) " + filler + "(?:" + before
                        + "|safety|content) " + orders + "\\b", "disregard", "forget", "override", "bypass"),
                // without an adjective only "your ..." is an attack; "forget the instructions" is not
                rule(60, "(?:disregard|forget|override|bypass) (?:all (?:of )?)?your " + orders + "\\b",
                        "disregard", "forget", "override", "bypass"),
                rule(100, "forget everything (?:above|before|you (?:were|have been) told)\\b", "forget"),
                rule(100, "you are now (?:dan\\b|in (?:developer|god|jailbreak|dan) mode\\b"
                        + "|(?:an? )?(?:unrestricted|unfiltered|uncensored|jailbroken)\\b)", "you"),
                rule(100, "you are (?-i:DAN)\\b", "you"),
                rule(100, "(?:reveal|show|print|output|repeat|display|tell me|leak|dump|what (?:is|are)) "
                        + "(?:(?:me|us|your|the|all|of|full|entire|exact|initial|original|hidden|secret|verbatim) ){0,4}"
                        + "(?:system (?:prompt|message|instructions)|initial instructions|hidden instructions"
                        + "|(?:instructions|prompt) above)\\b",
                        "reveal", "show", "print", "output", "repeat", "display", "tell", "leak", "dump", "what"),
                rule(100, "(?:pretend|act as if|imagine)(?: that)? you (?:have|had|are under|operate with) no "
                        + "(?:restrictions|rules|limits|limitations|filters|guidelines|content polic(?:y|ies)"
                        + "|ethical guidelines)\\b", "pretend", "act", "imagine"),
                rule(100, "act as an? (?:unrestricted|unfiltered|uncensored|jailbroken)"
                        + "(?: (?:ai|assistant|model|chatbot|bot|version))?\\b", "act"),
                rule(100, "<\\|im_start\\|>[\\s]*(?:system|developer)\\b", "<|im_start|>"),
                rule(100, "<\\|system\\|>", "<|system|>"),
                rule(100, "<<SYS>>", "<<sys>>"),
                rule(60, "(?<!#)#{2,}+[\\x20\\t]*(?:system|instructions?)[\\x20\\t]*:", "##"),
                rule(60, "\\[INST\\]", "[inst]"),
                rule(40, "(?m)(?<=^[\\x20\\t]{0,8})system[\\x20\\t]*:", "system"),
                rule(40, "do anything now\\b", "do"),
                rule(40, "(?:enable |enter |activate )?developer mode\\b", "enable", "enter", "activate", "developer"),
                rule(40, "from now on,? you (?:will|are|must)\\b", "from"),
                rule(30, "jailbr(?:eak|oken)(?:ing|s)?\\b", "jailbr"),
                rule(30, "no (?:restrictions|limitations|filters|rules)\\b", "no"));

        Map<String, List<Integer>> byTrigger = new LinkedHashMap<>();
        for (int r = 0; r < rules.size(); r++) {
            for (String t : rules.get(r).triggers()) {
                byTrigger.computeIfAbsent(t, k -> new ArrayList<>()).add(r);
            }
        }
        Map<Character, List<Trigger>> byFirst = new LinkedHashMap<>();
        byTrigger.forEach((word, ruleList) -> byFirst.computeIfAbsent(word.charAt(0), k -> new ArrayList<>())
                .add(new Trigger(word, ruleList.stream().mapToInt(Integer::intValue).toArray(),
                        Chars.isLetter(word.charAt(0)))));
        byFirst.forEach((c, list) -> triggersByFirstChar[c] = list.toArray(new Trigger[0]));
    }

    private static Rule rule(int score, String template, String... triggerWords) {
        Pattern p = Pattern.compile(template.replace(" ", WS), Pattern.CASE_INSENSITIVE);
        return new Rule(List.of(triggerWords), p, score);
    }

    @Override
    boolean scan(CharSequence text, List<Match> out) {
        Matcher[] matchers = null; // per call and lazily: matchers are not thread-safe
        Spans spans = null;
        int total = 0;
        int n = text.length();
        boolean afterAlnum = false;
        // Only where a trigger word starts does any regex run; benign text costs a table lookup
        // per char. Each regex is anchored there (lookingAt), so a phrase is tried once per trigger.
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean wordStart = !afterAlnum;
            afterAlnum = Chars.isAlnum(c);
            char prev = i > 0 ? text.charAt(i - 1) : '\0';
            if (c >= 128) {
                continue;
            }
            Trigger[] candidates = triggersByFirstChar[Chars.lowerAscii(c)];
            if (candidates == null) {
                continue;
            }
            for (Trigger t : candidates) {
                // letters: only at a word start; markers ("##", "<|"): only at the start of a run,
                // so "#####..." costs one regex, not one per '#'
                boolean start = t.wordStart() ? wordStart : prev != c;
                if (!start || !Chars.regionMatchesIgnoreCase(text, i, t.word())) {
                    continue;
                }
                for (int r : t.rules()) {
                    if (matchers == null) {
                        matchers = new Matcher[rules.size()];
                    }
                    Matcher m = matchers[r];
                    if (m == null) {
                        m = rules.get(r).pattern().matcher(text);
                        m.useTransparentBounds(true).useAnchoringBounds(false);
                        matchers[r] = m;
                    }
                    m.region(i, n);
                    if (m.lookingAt() && m.end() > i) {
                        total += rules.get(r).score();
                        if (out == null) {
                            if (total >= threshold) {
                                return true;
                            }
                        } else {
                            if (spans == null) {
                                spans = new Spans();
                            }
                            spans.add(i, m.end());
                        }
                    }
                }
            }
        }
        if (total < threshold) {
            return false;
        }
        spans.selectMerged((s, e) -> emit(out, s, e, KIND));
        return true;
    }
}
