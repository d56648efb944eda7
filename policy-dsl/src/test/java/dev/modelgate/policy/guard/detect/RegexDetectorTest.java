package dev.modelgate.policy.guard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RegexDetectorTest {

    @Test
    void reportsEveryMatchWithTheConfiguredKind() {
        Detector d = Detectors.regex("CUSTOM", Pattern.compile("PROJ-\\d{4}"));
        String text = "see PROJ-1234 and 😀PROJ-5678, not PROJ-12";
        assertThat(d.kind()).isEqualTo("CUSTOM");
        assertThat(Found.in(d, text)).containsExactly(
                Found.span(text, "PROJ-1234", "CUSTOM"), Found.span(text, "PROJ-5678", "CUSTOM"));
    }

    @Test
    void zeroWidthMatchesAreIgnored() {
        Detector d = Detectors.regex("CUSTOM", Pattern.compile("\\b"));
        assertThat(Found.in(d, "two words")).isEmpty();
    }
}
