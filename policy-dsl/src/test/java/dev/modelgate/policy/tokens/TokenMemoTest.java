package dev.modelgate.policy.tokens;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class TokenMemoTest {

    private static final String[] WORDS = {"the", "quick", "brown", "fox", "日本語", "مرحبا", "🙂", "tokens", "<|endoftext|>", "\n", "1234"};

    private static String randomText(Random random, int words) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < words; i++) {
            out.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextBoolean() ? " " : "");
        }
        return out.toString();
    }

    @Test
    void memoisedCountsEqualDirectCounts() {
        TokenEstimator memoised = new TokenEstimator();
        TokenEstimator direct = new TokenEstimator(0);
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            String text = randomText(random, 5 + random.nextInt(200));
            for (String model : List.of("gpt-4o", "gpt-4", "claude-sonnet")) {
                int expected = direct.countText(text, model);
                assertThat(memoised.countText(text, model)).isEqualTo(expected);
                assertThat(memoised.countText(new String(text), model)).as("second time, from the memo").isEqualTo(expected);
            }
        }
    }

    @Test
    void shortTextsBypassTheMemoAndTheWeightBoundHolds() {
        TokenEstimator small = new TokenEstimator(10_000);
        small.countText("short text", "gpt-4o");
        assertThat(small.memoChars()).isZero();

        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            small.countText(randomText(random, 60), "gpt-4o");
        }
        assertThat(small.memoChars()).isPositive().isLessThanOrEqualTo(10_000);
    }

    @Test
    void threadsShareTheMemoSafely() throws Exception {
        TokenEstimator shared = new TokenEstimator();
        TokenEstimator direct = new TokenEstimator(0);
        List<String> texts = new ArrayList<>();
        Random random = new Random(3);
        for (int i = 0; i < 50; i++) {
            texts.add(randomText(random, 100));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            results.add(pool.submit(() -> {
                for (int round = 0; round < 20; round++) {
                    for (String text : texts) {
                        if (shared.countText(text, "gpt-4o") != direct.countText(text, "gpt-4o")) {
                            return false;
                        }
                    }
                }
                return true;
            }));
        }
        for (Future<Boolean> result : results) {
            assertThat(result.get()).isTrue();
        }
        pool.shutdown();
    }
}
