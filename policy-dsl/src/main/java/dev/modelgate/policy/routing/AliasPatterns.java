package dev.modelgate.policy.routing;

import dev.modelgate.policy.model.ModelAlias;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which alias a requested model name routes to when it names no alias: the aliases' {@code match} patterns,
 * where {@code *} stands for any run of characters. An agent asks for its own default ids
 * ({@code claude-sonnet-4-5-20250929}, {@code gpt-5-mini}); one pattern routes all of them by policy.
 *
 * <p>The order is fixed so that the outcome never depends on the order of files or keys: an alias named exactly
 * beats every pattern (the caller of {@link #aliasFor} checks that first); among the patterns that match, the
 * longest wins, counted in characters other than {@code *} ({@code claude-opus-*} beats {@code claude-*}); between
 * equally long ones the alphabetically first pattern wins. Validation refuses a pattern listed by two aliases.
 */
public final class AliasPatterns {

    private record Entry(String pattern, String[] literals, String alias) {
    }

    private final List<Entry> entries = new ArrayList<>();

    public AliasPatterns(Map<String, ModelAlias> models) {
        models.forEach((alias, model) -> {
            for (String pattern : model.match()) {
                if (pattern != null && ModelAlias.PATTERN_SYNTAX.matcher(pattern).matches()) {
                    entries.add(new Entry(pattern, pattern.split("\\*+", -1), alias));
                }
            }
        });
        entries.sort(Comparator.comparingInt((Entry e) -> -literalLength(e.pattern())).thenComparing(Entry::pattern)
                .thenComparing(Entry::alias));
    }

    /** The alias whose pattern matches {@code model} first in the order above, or null when none does. */
    public String aliasFor(String model) {
        if (model == null) {
            return null;
        }
        for (Entry entry : entries) {
            if (matches(entry, model)) {
                return entry.alias();
            }
        }
        return null;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    static int literalLength(String pattern) {
        return pattern.length() - (int) pattern.chars().filter(c -> c == '*').count();
    }

    /** A glob with only {@code *}: the literal pieces must appear in order, the first at the start and the last at the end. */
    private static boolean matches(Entry entry, String model) {
        String[] parts = entry.literals();
        int at = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == 0) {
                if (!model.startsWith(part)) {
                    return false;
                }
                at = part.length();
            } else if (i == parts.length - 1) {
                return model.length() - part.length() >= at && model.endsWith(part);
            } else {
                int found = model.indexOf(part, at);
                if (found < 0) {
                    return false;
                }
                at = found + part.length();
            }
        }
        return parts.length == 1 && model.equals(parts[0]); // no '*' at all: never compiled, kept for completeness
    }
}
