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
 * <p>How it stays cheap: an Aho-Corasick pass finds trigger words; only at a trigger does an
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
    private final AhoCorasick triggers;
    /** Rules to try for each trigger index of {@link #triggers}. */
    private final int[][] rulesByTrigger;
    private final boolean[] triggerStartsWithLetter;
    private final int threshold;

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
                rule(100, "forget everything (?:above|before|you (?:were|have been) told)\\b", "forget everything"),
                rule(100, "you are now (?:dan\\b|in (?:developer|god|jailbreak|dan) mode\\b"
                        + "|(?:an? )?(?:unrestricted|unfiltered|uncensored|jailbroken)\\b)", "you are now"),
                rule(100, "you are (?-i:DAN)\\b", "you are dan"),
                rule(100, "(?:reveal|show|print|output|repeat|display|tell me|leak|dump|what (?:is|are)) "
                        + "(?:(?:me|us|your|the|all|of|full|entire|exact|initial|original|hidden|secret|verbatim) ){0,4}"
                        + "(?:system (?:prompt|message|instructions)|initial instructions|hidden instructions"
                        + "|(?:instructions|prompt) above)\\b",
                        "reveal", "show", "print", "output", "repeat", "display", "tell me", "leak", "dump", "what is",
                        "what are"),
                rule(100, "(?:pretend|act as if|imagine)(?: that)? you (?:have|had|are under|operate with) no "
                        + "(?:restrictions|rules|limits|limitations|filters|guidelines|content polic(?:y|ies)"
                        + "|ethical guidelines)\\b", "pretend", "act as if", "imagine"),
                rule(100, "act as an? (?:unrestricted|unfiltered|uncensored|jailbroken)"
                        + "(?: (?:ai|assistant|model|chatbot|bot|version))?\\b", "act as"),
                rule(100, "<\\|im_start\\|>[\\s]*(?:system|developer)\\b", "<|im_start|>"),
                rule(100, "<\\|system\\|>", "<|system|>"),
                rule(100, "<<SYS>>", "<<sys>>"),
                rule(60, "(?<!#)#{2,}+[\\x20\\t]*(?:system|instructions?)[\\x20\\t]*:", "##"),
                rule(60, "\\[INST\\]", "[inst]"),
                rule(40, "(?m)(?<=^[\\x20\\t]{0,8})system[\\x20\\t]*:", "system"),
                rule(40, "do anything now\\b", "do anything now"),
                rule(40, "(?:enable |enter |activate )?developer mode\\b", "enable developer mode",
                        "enter developer mode", "activate developer mode", "developer mode"),
                rule(40, "from now on,? you (?:will|are|must)\\b", "from now on"),
                rule(30, "jailbr(?:eak|oken)(?:ing|s)?\\b", "jailbreak", "jailbroken"),
                rule(30, "no (?:restrictions|limitations|filters|rules)\\b", "no restrictions", "no limitations",
                        "no filters", "no rules"));

        Map<String, List<Integer>> byTrigger = new LinkedHashMap<>();
        for (int r = 0; r < rules.size(); r++) {
            for (String t : rules.get(r).triggers()) {
                byTrigger.computeIfAbsent(t, k -> new ArrayList<>()).add(r);
            }
        }
        List<String> words = new ArrayList<>(byTrigger.keySet());
        triggers = new AhoCorasick(words, false);
        rulesByTrigger = new int[words.size()][];
        triggerStartsWithLetter = new boolean[words.size()];
        for (int t = 0; t < words.size(); t++) {
            rulesByTrigger[t] = byTrigger.get(words.get(t)).stream().mapToInt(Integer::intValue).toArray();
            triggerStartsWithLetter[t] = Chars.isLetter(words.get(t).charAt(0));
        }
    }

    private static Rule rule(int score, String template, String... triggerWords) {
        Pattern p = Pattern.compile(template.replace(" ", WS), Pattern.CASE_INSENSITIVE);
        return new Rule(List.of(triggerWords), p, score);
    }

    @Override
    boolean scan(CharSequence text, List<Match> out) {
        Matcher[] matchers = new Matcher[rules.size()]; // per call: matchers are not thread-safe
        Spans spans = new Spans();
        int[] total = new int[1];
        boolean stopped = triggers.scan(text, (t, s, e) -> {
            if (triggerStartsWithLetter[t] && Chars.isAlnum(Chars.at(text, s - 1))) {
                return false; // "nodisregard" – the trigger is inside a longer word
            }
            for (int r : rulesByTrigger[t]) {
                Matcher m = matchers[r];
                if (m == null) {
                    m = rules.get(r).pattern().matcher(text);
                    m.useTransparentBounds(true).useAnchoringBounds(false);
                    matchers[r] = m;
                }
                m.region(s, text.length());
                if (m.lookingAt() && m.end() > s) {
                    total[0] += rules.get(r).score();
                    spans.add(s, m.end());
                    if (out == null && total[0] >= threshold) {
                        return true;
                    }
                }
            }
            return false;
        });
        if (stopped) {
            return true;
        }
        if (total[0] < threshold) {
            return false;
        }
        spans.selectMerged((s, e) -> emit(out, s, e, KIND));
        return true;
    }
}
