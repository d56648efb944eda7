package dev.modelgate.policy.tokens;

/**
 * A text as a cache key whose hash reads a sample of the text, not all of it. Every request arrives as new
 * {@code String}s, so {@code String.hashCode} would walk a 200 KB conversation on every turn only to find
 * texts already counted (about 1 ns a char on Java 17). The sample (length, both ends, and every 61st char)
 * costs a few µs for 200 KB; equality still compares whole texts (an intrinsic, about 20× faster than the
 * hash loop), so texts that share a sample only share a bucket, never a count.
 *
 * <p>Public for the evaluator's per-text caches in other packages.
 */
public final class TextKey {

    private static final int ENDS = 32;
    private static final int STRIDE = 61;

    private final String text;
    private final int hash;

    public TextKey(String text) {
        this.text = text;
        this.hash = sampleHash(text);
    }

    public String text() {
        return text;
    }

    static int sampleHash(String text) {
        int n = text.length();
        int h = n;
        if (n <= 2 * ENDS + STRIDE) {
            return 31 * h + text.hashCode();
        }
        for (int i = 0; i < ENDS; i++) {
            h = 31 * h + text.charAt(i);
        }
        for (int i = n - ENDS; i < n; i++) {
            h = 31 * h + text.charAt(i);
        }
        // two independent chains over the stride samples, so the multiplies overlap
        int a = 0;
        int b = 0;
        int i = ENDS;
        for (; i + STRIDE < n - ENDS; i += 2 * STRIDE) {
            a = 31 * a + text.charAt(i);
            b = 31 * b + text.charAt(i + STRIDE);
        }
        if (i < n - ENDS) {
            a = 31 * a + text.charAt(i);
        }
        return h * 961 + a * 31 + b;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TextKey key && key.hash == hash && key.text.equals(text);
    }

    /** Characters held, the weight of a cache entry. */
    public int weight() {
        return text.length();
    }
}
