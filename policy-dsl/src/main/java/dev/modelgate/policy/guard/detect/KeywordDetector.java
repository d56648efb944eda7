package dev.modelgate.policy.guard.detect;

import java.lang.Character.UnicodeScript;
import java.util.List;

/**
 * Finds any of a list of words or phrases with one Aho-Corasick pass, so large deny lists stay as
 * fast as small ones. Matching is whole-word-ish: a keyword that starts (ends) with a letter or digit
 * must not be glued to another letter or digit on that side, so "ass" does not fire inside "class".
 * Scripts written without spaces (Chinese, Japanese, Thai...) have no word boundaries to check, so
 * keywords and neighbours in those scripts match anywhere. Whitespace inside a phrase matches any
 * run of whitespace.
 */
final class KeywordDetector extends ScanningDetector {

    private final AhoCorasick automaton;
    private final boolean[] boundedStart;
    private final boolean[] boundedEnd;

    KeywordDetector(String kind, List<String> words, boolean caseSensitive) {
        super(kind);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("keyword list is empty");
        }
        automaton = new AhoCorasick(words, caseSensitive);
        boundedStart = new boolean[words.size()];
        boundedEnd = new boolean[words.size()];
        for (int p = 0; p < words.size(); p++) {
            String w = words.get(p).strip();
            if (w.isEmpty()) {
                throw new IllegalArgumentException("blank keyword at index " + p);
            }
            boundedStart[p] = joinsWords(w.charAt(0));
            boundedEnd[p] = joinsWords(w.charAt(w.length() - 1));
        }
    }

    /** Whether {@code c} is part of a word in a script that separates words with spaces. */
    static boolean joinsWords(char c) {
        if (c < 128) {
            return Chars.isAlnum(c);
        }
        if (!Character.isLetterOrDigit(c)) {
            return false; // includes surrogates: emoji and rare CJK never glue words
        }
        UnicodeScript script = UnicodeScript.of(c);
        return script != UnicodeScript.HAN && script != UnicodeScript.HIRAGANA
                && script != UnicodeScript.KATAKANA && script != UnicodeScript.THAI
                && script != UnicodeScript.LAO && script != UnicodeScript.KHMER
                && script != UnicodeScript.MYANMAR;
    }

    private boolean wholeWord(CharSequence text, int p, int start, int end) {
        return !(boundedStart[p] && start > 0 && joinsWords(text.charAt(start - 1)))
                && !(boundedEnd[p] && end < text.length() && joinsWords(text.charAt(end)));
    }

    @Override
    boolean scan(CharSequence text, List<Match> out) {
        if (out == null) {
            return automaton.scan(text, (p, s, e) -> wholeWord(text, p, s, e));
        }
        Spans spans = new Spans();
        automaton.scan(text, (p, s, e) -> {
            if (wholeWord(text, p, s, e)) {
                spans.add(s, e);
            }
            return false;
        });
        String kind = kind();
        spans.select((s, e) -> emit(out, s, e, kind));
        return !spans.isEmpty();
    }
}
