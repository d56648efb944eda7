package dev.modelgate.policy.guard.detect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Multi-pattern literal search in one pass over the text, whatever the number of patterns: the cost
 * of a keyword list of 5,000 entries is the same per char as one of five.
 *
 * <p>Input is normalised on the fly: a run of whitespace counts as one space (so "system  prompt"
 * and "system\nprompt" match "system prompt"), and letters are lower-cased unless the search is
 * case-sensitive. Reported spans are in original char indices. Immutable after construction.
 */
final class AhoCorasick {

    /** Receives each occurrence; returns true to stop the scan. */
    interface Hits {
        boolean hit(int pattern, int start, int end);
    }

    private final boolean caseSensitive;
    private final int[] rootAscii;
    private final char[][] keys;
    private final int[][] targets;
    private final int[] fail;
    private final int[] output;
    private final int[] dictLink;
    private final int[] patternLength;
    private final int ringMask;

    AhoCorasick(List<String> patterns, boolean caseSensitive) {
        this.caseSensitive = caseSensitive;
        List<Map<Character, Integer>> trie = new ArrayList<>();
        List<Integer> out = new ArrayList<>();
        trie.add(new TreeMap<>());
        out.add(-1);
        patternLength = new int[patterns.size()];
        int maxLength = 1;
        for (int p = 0; p < patterns.size(); p++) {
            String word = normalise(patterns.get(p));
            if (word.isEmpty()) {
                throw new IllegalArgumentException("empty pattern at index " + p);
            }
            patternLength[p] = word.length();
            maxLength = Math.max(maxLength, word.length());
            int state = 0;
            for (int k = 0; k < word.length(); k++) {
                Integer next = trie.get(state).get(word.charAt(k));
                if (next == null) {
                    next = trie.size();
                    trie.add(new TreeMap<>());
                    out.add(-1);
                    trie.get(state).put(word.charAt(k), next);
                }
                state = next;
            }
            if (out.get(state) < 0) {
                out.set(state, p); // duplicates report the first occurrence in the list
            }
        }
        int states = trie.size();
        keys = new char[states][];
        targets = new int[states][];
        output = new int[states];
        for (int s = 0; s < states; s++) {
            Map<Character, Integer> edges = trie.get(s);
            keys[s] = new char[edges.size()];
            targets[s] = new int[edges.size()];
            int k = 0;
            for (Map.Entry<Character, Integer> e : edges.entrySet()) { // TreeMap: keys sorted
                keys[s][k] = e.getKey();
                targets[s][k++] = e.getValue();
            }
            output[s] = out.get(s);
        }
        rootAscii = new int[128];
        for (int k = 0; k < keys[0].length; k++) {
            if (keys[0][k] < 128) {
                rootAscii[keys[0][k]] = targets[0][k];
            }
        }
        fail = new int[states];
        dictLink = new int[states];
        Arrays.fill(dictLink, -1);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int t : targets[0]) {
            queue.add(t);
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            for (int k = 0; k < keys[s].length; k++) {
                char c = keys[s][k];
                int t = targets[s][k];
                int f = fail[s];
                int g;
                while ((g = go(f, c)) < 0 && f != 0) {
                    f = fail[f];
                }
                fail[t] = (g >= 0 && g != t) ? g : 0;
                dictLink[t] = output[fail[t]] >= 0 ? fail[t] : dictLink[fail[t]];
                queue.add(t);
            }
        }
        int ring = Integer.highestOneBit(maxLength) << 1;
        ringMask = ring - 1;
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

    /** Transition or -1; the root never fails (it loops to itself). */
    private int go(int state, char c) {
        if (state == 0 && c < 128) {
            return rootAscii[c];
        }
        int k = Arrays.binarySearch(keys[state], c);
        if (k >= 0) {
            return targets[state][k];
        }
        return state == 0 ? 0 : -1;
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
            if (Chars.isSpace(c)) {
                if (inSpace) {
                    continue;
                }
                inSpace = true;
                c = ' ';
            } else {
                inSpace = false;
                c = fold(c);
            }
            ring[count++ & ringMask] = i;
            int g;
            while ((g = go(state, c)) < 0) {
                state = fail[state];
            }
            state = g;
            for (int s = output[state] >= 0 ? state : dictLink[state]; s >= 0; s = dictLink[s]) {
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
