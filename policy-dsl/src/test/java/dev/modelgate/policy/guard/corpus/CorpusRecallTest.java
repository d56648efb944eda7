package dev.modelgate.policy.guard.corpus;

import dev.modelgate.policy.guard.corpus.GuardrailCorpus.Sample;
import dev.modelgate.policy.guard.detect.Detector;
import dev.modelgate.policy.guard.detect.Detectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Measures every built-in detector on the labelled corpus of public scanners' test cases and
 * datasets: recall on the samples labelled 1, false-positive rate on those labelled 0. Prints the
 * table (also written to {@code target/guardrail-corpus/table.md}, with each miss and false alarm
 * listed beside it for inspection) and holds each detector to a floor it reaches, so a change
 * that loses recall or adds false alarms fails here.
 *
 * <p>The corpus sits outside the repository; without it the test is skipped with a message
 * saying where it was looked for.
 */
class CorpusRecallTest {

    /** Floors: minimum recall and maximum false-positive rate, in percent. */
    private record Floor(String detector, String minRecall, String maxFalsePositive) {
    }

    private static final List<Floor> FLOORS = List.of(
            new Floor("secrets", "90", "2"),
            new Floor("credit_card", "98", "0.5"),
            new Floor("iban", "98", "0.5"),
            new Floor("us_ssn", "98", "0.5"),
            new Floor("email", "99", "0.5"),
            new Floor("phone", "95", "0.5"),
            new Floor("prompt_injection", "44", "1"));

    private static final Map<String, Detector> DETECTORS = new LinkedHashMap<>();

    static {
        DETECTORS.put("secrets", Detectors.secrets());
        DETECTORS.put("credit_card", Detectors.creditCard());
        DETECTORS.put("iban", Detectors.iban());
        DETECTORS.put("us_ssn", Detectors.usSsn());
        DETECTORS.put("email", Detectors.email());
        DETECTORS.put("phone", Detectors.phone());
        DETECTORS.put("prompt_injection", Detectors.promptInjection());
    }

    private static List<Sample> samples;
    private static final Map<String, Score> SCORES = new LinkedHashMap<>();
    /** The secrets file's own negatives only: scanners' near misses, far harder than ordinary text. */
    private static final Score SECRET_HARD_NEGATIVES = new Score();

    /** Counts for one detector, or one slice of its samples. */
    static final class Score {
        int positives;
        int hits;
        int negatives;
        int falseAlarms;

        BigDecimal recall() {
            return percent(hits, positives);
        }

        BigDecimal falsePositiveRate() {
            return percent(falseAlarms, negatives);
        }

        private static BigDecimal percent(int part, int whole) {
            return whole == 0 ? BigDecimal.ZERO
                    : BigDecimal.valueOf(part * 100_000L / whole, 3).setScale(1, RoundingMode.HALF_UP);
        }
    }

    @BeforeAll
    static void measure() throws IOException {
        Optional<Path> dir = GuardrailCorpus.locate();
        assumeTrue(dir.isPresent(), "guardrail corpus not found: set -Dmodelgate.guardrail.corpus or put it at "
                + "shared/guardrail-corpus in an ancestor of " + Path.of("").toAbsolutePath());
        samples = new ArrayList<>();
        for (String file : List.of("secrets.jsonl", "pii.jsonl", "injection.jsonl")) {
            samples.addAll(GuardrailCorpus.read(dir.get(), file));
        }
        Path report = Path.of("target", "guardrail-corpus");
        Files.createDirectories(report);
        StringBuilder table = new StringBuilder("| detector | slice | recall | positives | false positives | negatives |\n"
                + "|---|---|---|---|---|---|\n");
        for (Map.Entry<String, Detector> e : DETECTORS.entrySet()) {
            String name = e.getKey();
            Detector detector = e.getValue();
            Score total = new Score();
            Map<String, Score> slices = new TreeMap<>();
            StringBuilder misses = new StringBuilder();
            for (Sample s : samples) {
                Integer label = s.labels().get(name);
                if (label == null) {
                    continue;
                }
                boolean fired = detector.matches(s.prompt());
                Score slice = slices.computeIfAbsent(slice(name, s), k -> new Score());
                for (Score sc : List.of(total, slice)) {
                    if (label == 1) {
                        sc.positives++;
                        sc.hits += fired ? 1 : 0;
                    } else {
                        sc.negatives++;
                        sc.falseAlarms += fired ? 1 : 0;
                    }
                }
                if (name.equals("secrets") && s.file().equals("secrets.jsonl") && label == 0) {
                    SECRET_HARD_NEGATIVES.negatives++;
                    SECRET_HARD_NEGATIVES.falseAlarms += fired ? 1 : 0;
                }
                if (fired != (label == 1)) {
                    misses.append(fired ? "FALSE-POSITIVE " : "MISS ").append(s.id()).append(" [").append(s.group())
                            .append("] ").append(s.text().replace("\n", "\\n")).append('\n');
                }
            }
            SCORES.put(name, total);
            table.append(row(name, "all", total));
            slices.forEach((k, sc) -> table.append(row(name, k, sc)));
            Files.writeString(report.resolve(name + "-errors.txt"), misses);
        }
        table.append(row("secrets", "secrets file negatives only", SECRET_HARD_NEGATIVES));
        Files.writeString(report.resolve("table.md"), table);
        System.out.println(table);
    }

    /** How the table breaks a detector's figures down: by source file, and by finer groups where they tell something. */
    private static String slice(String detector, Sample s) {
        String source = s.file().replace(".jsonl", "");
        return switch (detector) {
            case "secrets" -> source + (source.equals("secrets") ? ":" + s.scope() : "");
            case "phone" -> source + (s.group().startsWith("fakename-") ? ":" + s.group().split("-")[1] : "");
            case "prompt_injection" -> source.equals("injection") ? language(s.group()) : source;
            default -> source;
        };
    }

    /** "lang:French:..." → "lang:French", "attack:promptshield-val" as it is. */
    private static String language(String group) {
        String[] parts = group.split(":");
        return parts.length < 2 ? group : parts[0] + ":" + parts[1];
    }

    private static String row(String name, String slice, Score s) {
        return "| " + name + " | " + slice + " | " + (s.positives == 0 ? "–" : s.recall() + "%") + " | " + s.positives
                + " | " + (s.negatives == 0 ? "–" : s.falsePositiveRate() + "%") + " | " + s.negatives + " |\n";
    }

    @Test
    void everyDetectorReachesItsRecallFloorWithoutExceedingItsFalsePositiveCeiling() {
        List<String> failures = new ArrayList<>();
        for (Floor f : FLOORS) {
            Score s = SCORES.get(f.detector());
            assertThat(s.positives).as(f.detector() + " positives in corpus").isPositive();
            if (s.recall().compareTo(new BigDecimal(f.minRecall())) < 0) {
                failures.add(f.detector() + " recall " + s.recall() + "% < " + f.minRecall() + "%");
            }
            if (s.falsePositiveRate().compareTo(new BigDecimal(f.maxFalsePositive())) > 0) {
                failures.add(f.detector() + " false positives " + s.falsePositiveRate() + "% > " + f.maxFalsePositive() + "%");
            }
        }
        assertThat(failures).isEmpty();
    }

    /**
     * The gitleaks and detect-secrets negatives are near misses built to trip format rules (and 16
     * real-looking Google keys gitleaks allowlists by value); held to what the detector reaches
     * today so that it does not get worse.
     */
    @Test
    void secretsStayWithinTheirMeasuredRateOnScannerNearMisses() {
        assertThat(SECRET_HARD_NEGATIVES.negatives).isPositive();
        assertThat(SECRET_HARD_NEGATIVES.falsePositiveRate()).isLessThanOrEqualTo(new BigDecimal("13.0"));
    }
}
