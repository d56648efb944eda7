package dev.modelgate.policy.guard.detect;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

/**
 * Every built-in detector over 200 KB made of one unit repeated, each unit chosen to make a
 * careless scanner rescan or backtrack (digit groups for phones and cards, IBAN-like runs, '@'
 * floods, key prefixes). Completing, with find() and matches() agreeing and spans ordered, is the
 * test: no time is asserted here; speed is measured in the benchmarks.
 */
class AdversarialInputTest {

    private static final List<Detector> ALL = List.of(Detectors.secrets(), Detectors.creditCard(), Detectors.iban(),
            Detectors.usSsn(), Detectors.email(), Detectors.phone(), Detectors.promptInjection());

    @ParameterizedTest
    @ValueSource(strings = {"12 34 ", "(555) 123-", "+1 ", "0699 456 17 ", "4111 1111 ", "GB82 WEST ", "de89 ",
            "a@", "a.b@c.", "sk-", "AKIA", "key=", "ignore previous ", "-----BEGIN ", "1gn0r3 ", "\u200B",
            "SWdub3Jl"})
    void everyDetectorCompletesOnTwoHundredKilobytesOfOneUnit(String unit) {
        String text = unit.repeat(200 * 1024 / unit.length());
        for (Detector d : ALL) {
            Found.in(d, text);
        }
    }
}
