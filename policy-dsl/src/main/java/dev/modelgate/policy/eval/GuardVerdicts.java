package dev.modelgate.policy.eval;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.modelgate.policy.guard.GuardEngine;
import dev.modelgate.policy.guard.GuardOutcome;
import dev.modelgate.policy.model.Guardrail;
import dev.modelgate.policy.request.TextPart;
import dev.modelgate.policy.tokens.TextKey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The policy's guardrail verdicts per text, remembered: a coding agent resends its whole conversation (tens to
 * hundreds of KB) every turn, and every detector would scan all of it again to find what it found last turn.
 * Long texts are checked one at a time through {@link GuardEngine#check} and their outcome kept by (team, alias,
 * text); short texts and the token-count guardrails go through one ordinary call. The outcomes are then merged
 * exactly as the engine would have decided over all texts at once: the first guardrail in policy order that
 * denies wins, redactions of different texts add up, and redacting and logging guardrails are listed in policy
 * order ({@code GuardVerdictsTest} compares the two on generated requests).
 *
 * <p>Sound because a content guardrail's verdict on a text depends only on the text, the team and the alias.
 * One per compiled policy, so a reload starts empty. Thread-safe.
 */
final class GuardVerdicts {

    /** Shorter texts are checked directly: the look-up would cost about as much as the scan. */
    static final int MIN_CHARS = 512;
    /** Characters of checked text remembered (redacted copies count too). */
    static final long DEFAULT_MEMO_CHARS = 16L * 1024 * 1024;
    /** The pointer the remembered single-text outcomes are computed under; swapped for the real one on use. */
    private static final String POINTER = "";

    private final GuardEngine engine;
    private final Map<String, Integer> order = new HashMap<>();
    private final Cache<Key, GuardOutcome> memo;

    GuardVerdicts(GuardEngine engine, List<Guardrail> guardrails, long memoChars) {
        this.engine = engine;
        for (int i = guardrails.size() - 1; i >= 0; i--) {
            order.put(guardrails.get(i).id(), i);
        }
        this.memo = memoChars <= 0 ? null : Caffeine.newBuilder()
                .maximumWeight(memoChars)
                .weigher((Key key, GuardOutcome outcome) -> key.text.weight()
                        + outcome.redactions().values().stream().mapToInt(String::length).sum())
                .build();
    }

    /** The same outcome as {@code engine.check(team, alias, texts, estimatedInputTokens)}. */
    GuardOutcome check(String team, String alias, List<TextPart> texts, long estimatedInputTokens) {
        if (memo == null || !anyLong(texts)) {
            return engine.check(team, alias, texts, estimatedInputTokens);
        }
        List<TextPart> shortTexts = new ArrayList<>(texts.size());
        List<TextPart> longTexts = new ArrayList<>();
        for (TextPart text : texts) {
            (text.text().length() < MIN_CHARS ? shortTexts : longTexts).add(text);
        }
        GuardOutcome denied = null;
        GuardOutcome rest = engine.check(team, alias, shortTexts, estimatedInputTokens);
        if (rest.denied()) {
            denied = rest;
        }
        List<GuardOutcome> outcomes = new ArrayList<>(longTexts.size() + 1);
        outcomes.add(rest);
        List<String> pointers = new ArrayList<>(longTexts.size() + 1);
        pointers.add(null);
        for (TextPart text : longTexts) {
            GuardOutcome one = memo.get(new Key(team, alias, new TextKey(text.text())),
                    key -> engine.check(team, alias, List.of(new TextPart(POINTER, key.text.text())), 0));
            if (one.denied() && (denied == null || rank(one.deniedBy()) < rank(denied.deniedBy()))) {
                denied = one;
            }
            outcomes.add(one);
            pointers.add(text.pointer());
        }
        if (denied != null) {
            return new GuardOutcome(denied.deniedBy(), denied.deniedWhat(), Map.of(), List.of(), List.of());
        }
        return merge(outcomes, pointers);
    }

    private GuardOutcome merge(List<GuardOutcome> outcomes, List<String> pointers) {
        Map<String, String> redactions = null;
        List<String> redactedBy = new ArrayList<>(2);
        List<String> loggedBy = new ArrayList<>(2);
        for (int i = 0; i < outcomes.size(); i++) {
            GuardOutcome outcome = outcomes.get(i);
            if (!outcome.redactions().isEmpty()) {
                if (redactions == null) {
                    redactions = new HashMap<>();
                }
                if (pointers.get(i) == null) {
                    redactions.putAll(outcome.redactions());
                } else {
                    redactions.put(pointers.get(i), outcome.redactions().get(POINTER));
                }
            }
            addAll(redactedBy, outcome.redactedBy());
            addAll(loggedBy, outcome.loggedBy());
        }
        redactedBy.sort((a, b) -> Integer.compare(rank(a), rank(b)));
        loggedBy.sort((a, b) -> Integer.compare(rank(a), rank(b)));
        return new GuardOutcome(null, null, redactions == null ? Map.of() : redactions,
                redactedBy.isEmpty() ? List.of() : redactedBy, loggedBy.isEmpty() ? List.of() : loggedBy);
    }

    private static void addAll(List<String> into, List<String> ids) {
        for (String id : ids) {
            if (!into.contains(id)) {
                into.add(id);
            }
        }
    }

    private int rank(String id) {
        return order.getOrDefault(id, Integer.MAX_VALUE);
    }

    private static boolean anyLong(List<TextPart> texts) {
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).text().length() >= MIN_CHARS) {
                return true;
            }
        }
        return false;
    }

    private record Key(String team, String alias, TextKey text) {
    }
}
