package dev.modelgate.policy.guard.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Multi-pattern literal search in one pass over the text, whatever the number of patterns: a
 * keyword list of 5,000 entries costs the same per char as one of five.
 *
 * <p>Input is normalised on the fly: a run of whitespace counts as one space (so "system  prompt"
 * and "system\nprompt" match "system prompt"), and letters are lower-cased unless the search is
 * case-sensitive. Reported spans are in original char indices. Immutable after construction.
 *
 * <p>The automaton is a dense DFA over an alphabet compressed to the chars that occur in the
 * patterns (class 0 = any other char), so each text char costs one table lookup and chars that
 * occur in no pattern cost a class lookup only. Memory is states × (distinct chars + 1) ints,
 * about 0.5 MB for 1,000 ten-letter keywords.
 */
final class AhoCorasick {

    /** Receives each occurrence; returns true to stop the scan. */
    interface Hits {
        boolean hit(int pattern, int start, int end);
    }

    private static final int MAX_TABLE = 1 << 24;

    private final boolean caseSensitive;
    private final int alphabet;
    private final int[] asciiClass;
    private final char[] otherChars;
    private final int[] otherClass;
    private final int spaceClass;
    private final int[] delta;
    /** The state itself if a pattern ends there, else the nearest suffix state with one, or -1. */
    private final int[] firstOutput;
    private final int[] dictLink;
    private final int[] output;
    private final int[] patternLength;
    private final int ringMask;

    AhoCorasick(List<String> patterns, boolean caseSensitive) {
        this.caseSensitive = caseSensitive;
        List<String> words = new ArrayList<>(patterns.size());
        TreeSet<Character> chars = new TreeSet<>();
        int maxLength = 1;
        for (int p = 0; p < patterns.size(); p++) {
            String word = normalise(patterns.get(p));
            if (word.isEmpty()) {
                throw new IllegalArgumentException("empty pattern at index " + p);
            }
            words.add(word);
            maxLength = Math.max(maxLength, word.length());
            for (int k = 0; k < word.length(); k++) {
                chars.add(word.charAt(k));
            }
        }
        // alphabet: class 0 for chars in no pattern, 1..n for pattern chars in sorted order
        alphabet = chars.size() + 1;
        char[] sortedChars = new char[chars.size()];
        int idx = 0;
        for (char c : chars) {
            sortedChars[idx++] = c;
        }
        spaceClass = classOf(sortedChars, ' ');
        asciiClass = new int[128];
        for (char c = 0; c < 128; c++) {
            asciiClass[c] = Chars.isSpace(c) ? Math.max(spaceClass, 0) : Math.max(classOf(sortedChars, fold(c)), 0);
        }
        int others = 0;
        for (char c : sortedChars) {
            if (c >= 128) {
                others++;
            }
        }
        otherChars = new char[others];
        otherClass = new int[others];
        for (int k = 0, o = 0; k < sortedChars.length; k++) {
            if (sortedChars[k] >= 128) {
                otherChars[o] = sortedChars[k];
                otherClass[o++] = k + 1;
            }
        }

        // trie over classes, sparse while building
        List<int[]> edges = new ArrayList<>(); // per state: child state per class, 0 = none
        List<Integer> out = new ArrayList<>();
        edges.add(new int[alphabet]);
        out.add(-1);
        patternLength = new int[words.size()];
        for (int p = 0; p < words.size(); p++) {
            String word = words.get(p);
            patternLength[p] = word.length();
            int state = 0;
            for (int k = 0; k < word.length(); k++) {
                int cls = classOf(sortedChars, word.charAt(k));
                int next = edges.get(state)[cls];
                if (next == 0) {
                    next = edges.size();
                    edges.add(new int[alphabet]);
                    out.add(-1);
                    edges.get(state)[cls] = next;
                }
                state = next;
            }
            if (out.get(state) < 0) {
                out.set(state, p); // duplicates report the first occurrence in the list
            }
        }
        int states = edges.size();
        if ((long) states * alphabet > MAX_TABLE) {
            throw new IllegalArgumentException("pattern set too large: " + states + " states x " + alphabet + " chars");
        }
        output = new int[states];
        for (int s = 0; s < states; s++) {
            output[s] = out.get(s);
        }
        delta = new int[states * alphabet];
        int[] fail = new int[states];
        dictLink = new int[states];
        firstOutput = new int[states];
        Arrays.fill(dictLink, -1);
        int[] queue = new int[states];
        int head = 0;
        int tail = 0;
        for (int a = 1; a < alphabet; a++) {
            int t = edges.get(0)[a];
            delta[a] = t; // root: missing transitions stay at the root (0)
            if (t != 0) {
                queue[tail++] = t;
            }
        }
        while (head < tail) {
            int s = queue[head++];
            int[] children = edges.get(s);
            for (int a = 1; a < alphabet; a++) {
                int t = children[a];
                if (t == 0) {
                    delta[s * alphabet + a] = delta[fail[s] * alphabet + a];
                } else {
                    delta[s * alphabet + a] = t;
                    fail[t] = s == 0 ? 0 : delta[fail[s] * alphabet + a];
                    queue[tail++] = t;
                }
            }
        }
        // root children have fail 0 (default); fill dictionary links in BFS order
        for (int k = 0; k < tail; k++) {
            int t = queue[k];
            dictLink[t] = output[fail[t]] >= 0 ? fail[t] : dictLink[fail[t]];
        }
        for (int s = 0; s < states; s++) {
            firstOutput[s] = output[s] >= 0 ? s : dictLink[s];
        }
        firstOutput[0] = -1;
        ringMask = (Integer.highestOneBit(maxLength) << 1) - 1;
    }

    /** Class of {@code c} among the sorted pattern chars, or -1. */
    private static int classOf(char[] sorted, char c) {
        int k = Arrays.binarySearch(sorted, c);
        return k >= 0 ? k + 1 : -1;
    }

    String normalise(String pattern) {
        StringBuilder sb = new StringBuilder(pattern.length());
        boolean space = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (Chars.isSpace(c)) {
                space = sb.length() > 0;
            } else {
                if (space) {
                    sb.append(' ');
                    space = false;
                }
                sb.append(fold(c));
            }
        }
        return sb.toString();
    }

    private char fold(char c) {
        if (caseSensitive) {
            return c;
        }
        // Surrogates are returned unchanged by toLowerCase(char), so pairs are never split.
        return c < 128 ? Chars.lowerAscii(c) : Character.toLowerCase(c);
    }

    private int otherClassOf(char c) {
        if (Chars.isSpace(c)) {
            return Math.max(spaceClass, 0);
        }
        if (otherChars.length == 0) {
            return 0;
        }
        int k = Arrays.binarySearch(otherChars, fold(c));
        return k >= 0 ? otherClass[k] : 0;
    }

    /** Reports every occurrence, in order of end position; returns true if {@code hits} stopped. */
    boolean scan(CharSequence text, Hits hits) {
        int[] ring = new int[ringMask + 1]; // original index of each of the last normalised chars
        int count = 0;
        int state = 0;
        boolean inSpace = false;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            int cls = c < 128 ? asciiClass[c] : otherClassOf(c);
            if (cls == 0) {
                state = 0; // a char of no pattern: nothing can be under way across it
                inSpace = false;
                continue;
            }
            if (cls == spaceClass) {
                if (inSpace) {
                    continue;
                }
                inSpace = true;
            } else {
                inSpace = false;
            }
            ring[count++ & ringMask] = i;
            state = delta[state * alphabet + cls];
            for (int s = firstOutput[state]; s >= 0; s = dictLink[s]) {
                int p = output[s];
                int start = ring[(count - patternLength[p]) & ringMask];
                if (hits.hit(p, start, i + 1)) {
                    return true;
                }
            }
        }
        return false;
    }
}
