package dev.modelgate.policy.tokens;

import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast estimate against jtokkit's exact count on 10,000 generated texts (code, prose in six scripts, JSON,
 * base64, logs; 20 to 8,000 characters), per encoding. Prints the error per kind of text, and holds the two
 * promises the evaluator relies on: every exact count lies within the estimate's bounds (so reserving the upper
 * bound never undercounts a limit), and the estimate itself stays within 3% per kind.
 */
class TokenEstimateAccuracyTest {

    private static final List<TextCorpus.Sample> CORPUS = TextCorpus.generate(20261202L, 10_000, 8_000);

    @Test
    void o200kEstimateTracksExactCountsWithinItsBounds() {
        check("gpt-4o", "o200k_base");
    }

    @Test
    void cl100kEstimateTracksExactCountsWithinItsBounds() {
        check("gpt-4", "cl100k_base");
    }

    private static void check(String model, String encoding) {
        TokenEstimator estimator = new TokenEstimator(0);
        Map<TextCorpus.Kind, Tally> tallies = new EnumMap<>(TextCorpus.Kind.class);
        for (TextCorpus.Sample sample : CORPUS) {
            int exact = estimator.countText(sample.text(), model);
            InputTokens estimate = estimator.estimateText(sample.text(), model);
            assertThat((long) exact).as("%s %s text of %d chars: exact count outside the estimate's bounds %s",
                            encoding, sample.kind(), sample.text().length(), estimate)
                    .isBetween(estimate.lower(), estimate.upper());
            tallies.computeIfAbsent(sample.kind(), k -> new Tally()).add(exact, estimate);
        }
        System.out.printf("%n%s: fast estimate against exact BPE, %d texts%n", encoding, CORPUS.size());
        System.out.printf("| kind | texts | exact tokens | estimate | error | worst text (≥ 50 tokens) | upper bound over exact |%n");
        System.out.printf("|---|---:|---:|---:|---:|---:|---:|%n");
        tallies.forEach((kind, t) -> System.out.printf("| %s | %d | %d | %d | %+.2f%% | %+.1f%% / %+.1f%% | %+.1f%% |%n",
                kind.name().toLowerCase(), t.texts, t.exact, t.estimate, t.error() * 100, t.worstUnder * 100,
                t.worstOver * 100, (double) (t.upper - t.exact) / t.exact * 100));
        tallies.forEach((kind, t) -> assertThat(Math.abs(t.error())).as("%s %s aggregate error", encoding, kind)
                .isLessThan(0.03));
    }

    private static final class Tally {
        int texts;
        long exact;
        long estimate;
        long upper;
        double worstUnder;
        double worstOver;

        void add(int exactCount, InputTokens estimated) {
            texts++;
            exact += exactCount;
            estimate += estimated.estimate();
            upper += estimated.upper();
            if (exactCount >= 50) {
                double error = (double) (estimated.estimate() - exactCount) / exactCount;
                worstUnder = Math.min(worstUnder, error);
                worstOver = Math.max(worstOver, error);
            }
        }

        double error() {
            return (double) (estimate - exact) / exact;
        }
    }
}
