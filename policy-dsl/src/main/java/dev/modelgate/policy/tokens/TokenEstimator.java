package dev.modelgate.policy.tokens;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.modelgate.policy.request.ImagePart;
import dev.modelgate.policy.request.ParsedRequest;
import dev.modelgate.policy.request.TextPart;
import java.util.List;

/**
 * Estimates input tokens before a request is routed, for TPM limits, budget reservation and routing rules.
 * Create one per process: loading the BPE ranks costs hundreds of milliseconds and megabytes, so both
 * encodings are loaded once here and reused; jtokkit encodings are thread-safe.
 */
public final class TokenEstimator {

    // OpenAI cookbook ("How to count tokens with tiktoken") for gpt-3.5-turbo-0613 and later chat models.
    private static final int TOKENS_PER_MESSAGE = 3;
    private static final int TOKENS_PER_NAME = 1;
    private static final int REPLY_PRIMING = 3;

    /** Texts shorter than this are counted directly: hashing and looking them up costs about as much. */
    static final int MEMO_MIN_CHARS = 64;
    /** Default memo size in characters of text held (about 64 MiB of heap at two bytes a char, less for Latin-1). */
    public static final long DEFAULT_MEMO_CHARS = 32L * 1024 * 1024;

    private final Encoding o200k;
    private final Encoding cl100k;
    /**
     * Counts already made, by encoding and text. Chat clients resend the whole conversation every turn, so
     * the system prompt, tool definitions and every earlier message repeat across a conversation's requests:
     * only the newest message is new work. Counting is exact either way; the memo only skips repeating it.
     */
    private final Cache<MemoKey, Integer> memo;

    public TokenEstimator() {
        this(DEFAULT_MEMO_CHARS);
    }

    /** @param memoChars characters of text the count memo may hold; 0 turns it off */
    public TokenEstimator(long memoChars) {
        EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
        this.o200k = registry.getEncoding(EncodingType.O200K_BASE);
        this.cl100k = registry.getEncoding(EncodingType.CL100K_BASE);
        this.memo = memoChars <= 0 ? null : Caffeine.newBuilder()
                .maximumWeight(memoChars)
                .weigher((MemoKey key, Integer count) -> key.text().length())
                .build();
    }

    /**
     * Counts tokens of {@code text} with the encoding of the model's family. Special-token strings such as
     * {@code <|endoftext|>} are counted as ordinary text: they are caller data, and jtokkit's plain
     * {@code countTokens} would throw on them.
     */
    public int countText(String text, String model) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return count(encodingFor(model), text);
    }

    /** Input tokens: texts, chat message framing, tool definitions, images and pre-tokenised ids. */
    public int estimateInput(ParsedRequest request) {
        return estimateInput(request, request.model());
    }

    /** The same, counted with the tokenizer of {@code model} rather than of the model the request names (an alias). */
    public int estimateInput(ParsedRequest request, String model) {
        Encoding encoding = encodingFor(model);
        long total = request.inputTokenIds();
        List<TextPart> texts = request.texts();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i).text();
            if (!text.isEmpty()) {
                total += count(encoding, text);
            }
        }
        if (request.messageCount() > 0) {
            total += (long) TOKENS_PER_MESSAGE * request.messageCount()
                    + (long) TOKENS_PER_NAME * request.namedMessageCount() + REPLY_PRIMING;
        }
        if (!request.toolDefinitions().isEmpty()) {
            // OpenAI renders tools into a hidden system prompt; the JSON's token count is a close, slightly high proxy.
            total += count(encoding, request.toolDefinitions());
        }
        List<ImagePart> images = request.images();
        for (int i = 0; i < images.size(); i++) {
            ImagePart image = images.get(i);
            total += imageTokens(image.width(), image.height(), image.detail());
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    private int count(Encoding encoding, String text) {
        if (memo == null || text.length() < MEMO_MIN_CHARS) {
            return encoding.countTokensOrdinary(text);
        }
        return memo.get(new MemoKey(encoding == o200k, text), key -> encoding.countTokensOrdinary(text));
    }

    /** Estimated characters held by the memo, for tests and monitoring. */
    long memoChars() {
        if (memo == null) {
            return 0;
        }
        memo.cleanUp();
        return memo.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
    }

    private record MemoKey(boolean o200k, String text) {
    }

    /**
     * OpenAI's image rule for GPT-4o-class models: {@code low} costs 85; {@code high}/{@code auto} fit the image
     * within 2048x2048, then scale the shortest side down to 768, and cost 170 per 512px tile plus 85. Unknown
     * sizes (0) are taken as 1024x1024. Images are never scaled up, matching OpenAI's calculator.
     */
    public static int imageTokens(int width, int height, String detail) {
        if ("low".equals(detail)) {
            return 85;
        }
        double w = width > 0 && height > 0 ? width : 1024;
        double h = width > 0 && height > 0 ? height : 1024;
        double longest = Math.max(w, h);
        if (longest > 2048) {
            w = w * 2048 / longest;
            h = h * 2048 / longest;
        }
        double shortest = Math.min(w, h);
        if (shortest > 768) {
            w = w * 768 / shortest;
            h = h * 768 / shortest;
        }
        long tiles = (long) Math.ceil(w / 512) * (long) Math.ceil(h / 512);
        return (int) Math.min(Integer.MAX_VALUE, 170 * tiles + 85);
    }

    /**
     * o200k_base for the GPT-4o generation and later, cl100k_base for GPT-4/3.5 and the text-embedding models.
     * Other families (Claude, Gemini, Llama, Mistral, ...) use tokenizers we do not ship; o200k_base is the
     * best available approximation for them (usually within ~10-20% for English).
     */
    Encoding encodingFor(String model) {
        String m = model == null ? "" : model;
        int slash = m.lastIndexOf('/');
        if (slash >= 0) {
            m = m.substring(slash + 1); // OpenRouter style "openai/gpt-4o"
        }
        if (startsWith(m, "gpt-4o") || startsWith(m, "gpt-4.1") || startsWith(m, "gpt-4.5")
                || startsWith(m, "gpt-5") || startsWith(m, "chatgpt-4o") || startsWith(m, "gpt-oss")
                || reasoningModel(m, "o1") || reasoningModel(m, "o3") || reasoningModel(m, "o4")) {
            return o200k;
        }
        if (startsWith(m, "gpt-4") || startsWith(m, "gpt-3.5") || startsWith(m, "gpt-35")
                || startsWith(m, "text-embedding-")) {
            return cl100k;
        }
        return o200k;
    }

    private static boolean startsWith(String model, String prefix) {
        return model.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /** "o1", "o3-mini", "o4-mini-high", but not "o1x" or "o3abc". */
    private static boolean reasoningModel(String model, String family) {
        return startsWith(model, family) && (model.length() == family.length() || model.charAt(family.length()) == '-');
    }
}
