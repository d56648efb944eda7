package dev.modelgate.policy.guard.detect;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one place that creates detectors. Each call returns a new immutable, thread-safe detector;
 * build them once per compiled policy and share them across requests.
 */
public final class Detectors {

    private Detectors() {
    }

    public static Detector email() {
        return new EmailDetector();
    }

    public static Detector phone() {
        return new PhoneDetector();
    }

    /** @param regions ISO 3166 region codes (e.g. {@code DE}) whose national number formats count */
    public static Detector phone(List<String> regions) {
        return new PhoneDetector(regions);
    }

    public static Detector creditCard() {
        return new CreditCardDetector();
    }

    public static Detector iban() {
        return new IbanDetector();
    }

    public static Detector usSsn() {
        return new UsSsnDetector();
    }

    /** Kind {@code SECRET}; PEM private key blocks are reported as {@code PRIVATE_KEY}. */
    public static Detector secrets() {
        return new SecretsDetector();
    }

    public static Detector promptInjection() {
        return new PromptInjectionDetector(PromptInjectionDetector.DEFAULT_THRESHOLD);
    }

    /** @param threshold score a text must reach; 100 = one strong phrase, lower also counts weak signals */
    public static Detector promptInjection(int threshold) {
        return new PromptInjectionDetector(threshold);
    }

    /** {@code detector}, except that a match whose text is one of {@code allowed} (exactly) is not a match. */
    public static Detector allowing(Detector detector, Collection<String> allowed) {
        return new AllowingDetector(detector, Set.copyOf(allowed));
    }

    public static Detector regex(String kind, Pattern pattern) {
        return new RegexDetector(kind, pattern);
    }

    /** Whole-word-ish match of any of {@code words}; whitespace in a phrase matches any whitespace run. */
    public static Detector keywords(String kind, List<String> words, boolean caseSensitive) {
        return new KeywordDetector(kind, List.copyOf(words), caseSensitive);
    }
}
