package dev.modelgate.policy.tokens;

import com.knuddels.jtokkit.api.Encoding;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * An encoding's vocabulary as a byte trie, counting tokens by greedy longest match: from each position, take
 * the longest vocabulary entry that starts there. No pre-tokenising regex and no merge loop, so one walk over
 * the text's UTF-8 bytes (made on the fly from the chars, never copied) instead of jtokkit's regex split and
 * byte-pair merges. Vocabulary entries never cross the encoding's pre-token boundaries, and BPE and greedy
 * matching both find near-minimal splits, so the count tracks the exact one within a few percent; the error
 * is measured per kind of text by {@code TokenEstimateAccuracyTest} and bounded on the safe side by
 * {@link TokenEstimator}. Every single byte is an entry, so the walk always advances.
 *
 * <p>Layout: nodes are numbered breadth first, each level in byte order, so the children of a node are
 * consecutive ids and those of consecutive nodes follow each other. A node's children are then just
 * {@code first[node] .. first[node + 1]}, found by their byte labels; about 5 bytes a node, no per-node
 * objects, and the short prefixes every match starts with sit together in a few hundred KB that stay in the
 * CPU cache. Immutable after construction and safe to share between threads.
 */
final class GreedyVocabulary {

    /** Children of the root, by first byte: the first step of every match, without a search. */
    private final int[] rootChildren = new int[256];
    /** Nodes two bytes deep, by those bytes: first bytes have up to 256 children, too many to search. */
    private final int[] twoBytes = new int[1 << 16];
    /** Id of each node's first child; a node's children end where the next node's begin. */
    private final int[] first;
    /** The byte leading to each node from its parent. */
    private final byte[] labels;
    /** One bit per node: whether the path to it spells a vocabulary entry. */
    private final long[] terminal;

    private GreedyVocabulary(List<byte[]> entries) {
        entries.sort(Arrays::compareUnsigned);
        List<byte[]> tokens = new ArrayList<>(entries.size());
        int maxLength = 0;
        for (byte[] token : entries) { // distinct, non-empty
            if (token.length > 0 && (tokens.isEmpty() || !Arrays.equals(tokens.get(tokens.size() - 1), token))) {
                tokens.add(token);
                maxLength = Math.max(maxLength, token.length);
            }
        }
        int nodes = 1;
        for (int i = 0; i < tokens.size(); i++) {
            nodes += tokens.get(i).length - (i == 0 ? 0 : commonPrefix(tokens.get(i - 1), tokens.get(i)));
        }
        this.labels = new byte[nodes];
        this.first = new int[nodes + 1];
        this.terminal = new long[(nodes >> 6) + 1];
        int[] children = new int[nodes];
        int[] nodeOf = new int[tokens.size()]; // node of each token's prefix at the previous level; root = 0
        int next = 1;
        for (int depth = 1; depth <= maxLength; depth++) {
            byte[] previous = null;
            int previousNode = -1;
            for (int t = 0; t < tokens.size(); t++) {
                byte[] token = tokens.get(t);
                if (token.length < depth) {
                    continue;
                }
                int node;
                if (previous != null && commonPrefix(previous, token) >= depth) {
                    node = previousNode; // same prefix of this length as the token before
                } else {
                    node = next++;
                    labels[node] = token[depth - 1];
                    children[nodeOf[t]]++;
                }
                nodeOf[t] = node;
                if (token.length == depth) {
                    terminal[node >> 6] |= 1L << node;
                }
                previous = token;
                previousNode = node;
            }
        }
        first[0] = 1;
        for (int node = 0; node < nodes; node++) {
            first[node + 1] = first[node] + children[node];
        }
        Arrays.fill(rootChildren, -1);
        for (int child = first[0]; child < first[1]; child++) {
            rootChildren[labels[child] & 0xFF] = child;
        }
        Arrays.fill(twoBytes, -1);
        for (int parent = first[0]; parent < first[1]; parent++) {
            for (int child = first[parent]; child < first[parent + 1]; child++) {
                twoBytes[(labels[parent] & 0xFF) << 8 | labels[child] & 0xFF] = child;
            }
        }
    }

    private static int commonPrefix(byte[] a, byte[] b) {
        int m = Arrays.mismatch(a, b);
        return m < 0 ? Math.min(a.length, b.length) : m;
    }

    /** Reads a tiktoken ranks file (one {@code base64 rank} line per entry) shipped inside jtokkit's jar. */
    static GreedyVocabulary ofJtokkitResource(String fileName) {
        String path = "/com/knuddels/jtokkit/" + fileName;
        List<byte[]> tokens = new ArrayList<>(200_000);
        Base64.Decoder base64 = Base64.getDecoder();
        try (InputStream in = Encoding.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("jtokkit resource " + path + " not found");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16);
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    tokens.add(base64.decode(line.substring(0, space)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new GreedyVocabulary(tokens);
    }

    /** For tests: a vocabulary of the given entries (every single byte is added, as in real encodings). */
    static GreedyVocabulary of(List<byte[]> entries) {
        List<byte[]> tokens = new ArrayList<>(entries);
        for (int b = 0; b < 256; b++) {
            tokens.add(new byte[] {(byte) b});
        }
        return new GreedyVocabulary(tokens);
    }

    private int child(int node, int b) {
        if (node == 0) {
            return rootChildren[b];
        }
        if (node < first[0] + 256 && node < first[1]) {
            return twoBytes[(labels[node] & 0xFF) << 8 | b];
        }
        int lo = first[node];
        int hi = first[node + 1] - 1;
        if (hi - lo < 8) {
            for (int i = lo; i <= hi; i++) {
                if ((labels[i] & 0xFF) == b) {
                    return i;
                }
            }
            return -1;
        }
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int label = labels[mid] & 0xFF;
            if (label < b) {
                lo = mid + 1;
            } else if (label > b) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    private boolean isTerminal(int node) {
        return (terminal[node >> 6] & 1L << node) != 0;
    }

    /**
     * Tokens of {@code text} by greedy longest match over its UTF-8 bytes, as {@code String.getBytes(UTF_8)}
     * would encode it (an unpaired surrogate as {@code '?'}).
     */
    int count(String text) {
        int n = text.length();
        int tokens = 0;
        int at = 0;      // char index of the next token's first byte
        int atByte = 0;  // byte within that char's UTF-8 sequence
        while (at < n) {
            int node = 0;
            int endChar = at;
            int endByte = atByte;
            int i = at;
            int k = atByte;
            walk:
            while (i < n) {
                char c = text.charAt(i);
                int b;
                int length;
                if (c < 0x80) {
                    b = c;
                    length = 1;
                } else if (c < 0x800) {
                    b = k == 0 ? 0xC0 | c >> 6 : 0x80 | c & 0x3F;
                    length = 2;
                } else if (Character.isSurrogate(c)) {
                    if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                        int cp = Character.toCodePoint(c, text.charAt(i + 1));
                        b = switch (k) {
                            case 0 -> 0xF0 | cp >> 18;
                            case 1 -> 0x80 | cp >> 12 & 0x3F;
                            case 2 -> 0x80 | cp >> 6 & 0x3F;
                            default -> 0x80 | cp & 0x3F;
                        };
                        length = 4;
                    } else {
                        b = '?';
                        length = 1;
                    }
                } else {
                    b = switch (k) {
                        case 0 -> 0xE0 | c >> 12;
                        case 1 -> 0x80 | c >> 6 & 0x3F;
                        default -> 0x80 | c & 0x3F;
                    };
                    length = 3;
                }
                int child = child(node, b);
                if (child < 0) {
                    break walk;
                }
                node = child;
                if (++k == length) {
                    k = 0;
                    i += length == 4 ? 2 : 1;
                }
                if (isTerminal(node)) {
                    endChar = i;
                    endByte = k;
                }
            }
            tokens++;
            at = endChar;
            atByte = endByte;
        }
        return tokens;
    }
}
