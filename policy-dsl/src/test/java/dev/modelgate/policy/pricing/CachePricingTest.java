package dev.modelgate.policy.pricing;

import dev.modelgate.policy.model.Price;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Prompt caching priced exactly: cache reads, 5-minute and 1-hour writes and reasoning tokens each at their own
 * rate from the price table, or at the documented defaults relative to the input and output prices. Every figure
 * below is worked out by hand in micro-USD (price per Mtok × tokens), never with floating point.
 */
class CachePricingTest {

    /** Claude Sonnet's list prices with only input, output and cache reads given: writes and reasoning by default. */
    private static final Price SONNET = new Price(new BigDecimal("3"), new BigDecimal("15"), new BigDecimal("0.30"),
            null, null, null, null, null, null);

    /**
     * A cached conversation, turn by turn: (uncached input, cache reads, 5 min writes, 1 h writes, output, of which
     * reasoning) and its cost: uncached × 3 + reads × 0.30 + 5 min writes × 3.75 (1.25 × 3) + 1 h writes × 6 (2 × 3)
     * + output × 15 (reasoning at the output price when no reasoning price is listed).
     */
    @ParameterizedTest(name = "turn {0}: {7} micro-USD")
    @CsvSource({
            // turn, uncached, read, write5m, write1h, output, reasoning, micros
            "1, 20,    0, 2000, 1000, 300, 100, 18060", // 60 + 0 + 7500 + 6000 + 4500
            "2, 50, 3000,  320,    0, 200,   0,  5250", // 150 + 900 + 1200 + 0 + 3000
            "3, 30, 3320,    0,    0, 150,  50,  3336", // 90 + 996 + 0 + 0 + 2250
            "4,  0,    1,    0,    0,   0,   0,     1", // 0.3 micro-USD, rounded up: never below what the provider bills
    })
    void eachTurnOfACachedConversationCostsWhatTheTableSays(int turn, long uncached, long read, long write5m, long write1h,
                                                             long output, long reasoning, long micros) {
        Usage usage = new Usage(uncached + read + write5m + write1h, read, write5m, write1h, output, reasoning, 0);
        assertThat(usage.uncachedInputTokens()).isEqualTo(uncached);
        assertThat(Pricing.costMicros(SONNET, usage)).isEqualTo(micros);
    }

    @Test
    void theWholeConversationIsTheSumOfItsTurns() {
        long total = Pricing.costMicros(SONNET, new Usage(3020, 0, 2000, 1000, 300, 100, 0))
                + Pricing.costMicros(SONNET, new Usage(3370, 3000, 320, 0, 200, 0, 0))
                + Pricing.costMicros(SONNET, new Usage(3350, 3320, 0, 0, 150, 50, 0));
        assertThat(total).isEqualTo(18060 + 5250 + 3336);
        assertThat(total).as("the same tokens, all uncached and unwritten, cost more: caching pays from the second turn")
                .isLessThan(Pricing.costMicros(SONNET, Usage.tokens(3020 + 3370 + 3350, 650)));
    }

    /**
     * What caching saved over the same conversation, turn by turn: reads × (3 - 0.30), less 5 min writes × 0.75
     * (3.75 - 3) and 1 h writes × 3 (6 - 3). The first turn only writes, so it costs more than no cache at all.
     */
    @ParameterizedTest(name = "turn {0}: {4} micro-USD saved")
    @CsvSource({
            // turn, read, write5m, write1h, saved
            "1,    0, 2000, 1000, -4500", // -1500 - 3000
            "2, 3000,  320,    0,  7860", // 8100 - 240
            "3, 3320,    0,    0,  8964",
    })
    void whatCachingSavedIsReadsAtTheirDiscountLessWhatWritesCostAboveInput(int turn, long read, long write5m, long write1h, long saved) {
        assertThat(Pricing.cacheSavingsMicros(SONNET, read, write5m, write1h)).isEqualTo(saved);
    }

    @Test
    void theSavingsAreTheDifferenceBetweenTheConversationUncachedAndCached() {
        long cached = Pricing.costMicros(SONNET, new Usage(3020, 0, 2000, 1000, 300, 100, 0))
                + Pricing.costMicros(SONNET, new Usage(3370, 3000, 320, 0, 200, 0, 0))
                + Pricing.costMicros(SONNET, new Usage(3350, 3320, 0, 0, 150, 50, 0));
        long uncached = Pricing.costMicros(SONNET, Usage.tokens(3020 + 3370 + 3350, 650));
        long saved = Pricing.cacheSavingsMicros(SONNET, 0, 2000, 1000) + Pricing.cacheSavingsMicros(SONNET, 3000, 320, 0)
                + Pricing.cacheSavingsMicros(SONNET, 3320, 0, 0);
        assertThat(saved).isEqualTo(uncached - cached);
    }

    @Test
    void listedPricesForWritesAndReasoningWinOverTheDefaults() {
        Price listed = new Price(new BigDecimal("3"), new BigDecimal("15"), new BigDecimal("0.30"), new BigDecimal("4"),
                new BigDecimal("5"), new BigDecimal("10"), null, null, null);
        // 10 × 3 + 100 × 0.30 + 200 × 4 + 300 × 5 + (40 - 20) × 15 + 20 × 10 = 30 + 30 + 800 + 1500 + 300 + 200
        assertThat(Pricing.costMicros(listed, new Usage(610, 100, 200, 300, 40, 20, 0))).isEqualTo(2860);
    }

    @Test
    void cacheCountsCannotExceedWhatTheyArePartOf() {
        assertThatThrownBy(() -> new Usage(100, 60, 30, 20, 10, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cache reads and writes cannot exceed input tokens");
        assertThatThrownBy(() -> new Usage(10, 0, 0, 0, 5, 6, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reasoning tokens cannot exceed output tokens");
    }
}
