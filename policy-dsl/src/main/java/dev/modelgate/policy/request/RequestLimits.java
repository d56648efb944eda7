package dev.modelgate.policy.request;

/**
 * Hard ceilings applied while parsing a body, so one hostile request cannot exhaust memory or stack.
 *
 * @param maxBodyBytes   larger bodies are rejected with 413 before any parsing
 * @param maxDepth       JSON nesting depth, enforced inside Jackson's tokenizer
 * @param maxMessages    maximum items in {@code messages} and in array-valued {@code prompt}/{@code input}
 * @param maxStringChars maximum length of any single JSON string
 */
public record RequestLimits(int maxBodyBytes, int maxDepth, int maxMessages, int maxStringChars) {

    public RequestLimits {
        if (maxBodyBytes <= 0 || maxDepth <= 0 || maxMessages <= 0 || maxStringChars <= 0) {
            throw new IllegalArgumentException("all request limits must be positive: " + maxBodyBytes + ", "
                    + maxDepth + ", " + maxMessages + ", " + maxStringChars);
        }
    }

    /** 8 MiB leaves room for a few base64 images; depth 64 is far beyond any legitimate OpenAI body. */
    public static RequestLimits defaults() {
        return new RequestLimits(8 * 1024 * 1024, 64, 10_000, 4 * 1024 * 1024);
    }

    /** The defaults with the body size a policy sets ({@code settings.max_body_bytes}); strings never exceed the body. */
    public static RequestLimits withMaxBody(int maxBodyBytes) {
        RequestLimits d = defaults();
        return new RequestLimits(maxBodyBytes, d.maxDepth(), d.maxMessages(), Math.min(d.maxStringChars(), maxBodyBytes));
    }
}
