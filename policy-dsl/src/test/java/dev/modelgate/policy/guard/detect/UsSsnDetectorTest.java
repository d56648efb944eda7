package dev.modelgate.policy.guard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsSsnDetectorTest {

    private final Detector ssn = Detectors.usSsn();

    @Test
    void findsDashedAndSpacedSsnsWithExactSpans() {
        String text = "SSN 123-45-6789 and spouse 234 56 7890.";
        assertThat(Found.in(ssn, text)).containsExactly(
                Found.span(text, "123-45-6789", "US_SSN"),
                Found.span(text, "234 56 7890", "US_SSN"));
    }

    @Test
    void findsBareNineDigitsOnlyWhenLabelled() {
        assertThat(Found.texts(ssn, "my SSN: 123456789")).containsExactly("123456789");
        assertThat(Found.texts(ssn, "Social Security number is 123456789.")).containsExactly("123456789");
        assertThat(Found.in(ssn, "order 123456789 shipped")).isEmpty();
        assertThat(Found.in(ssn, "the lesson 123456789")).as("'ssn' inside a word is no label").isEmpty();
    }

    @Test
    void findsSsnInChineseText() {
        assertThat(Found.texts(ssn, "社会安全号码123-45-6789😀")).containsExactly("123-45-6789");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SSN 000-12-3456",
            "SSN 666-12-3456",
            "SSN 900-12-3456",
            "SSN 999-12-3456",
            "SSN 123-00-4567",
            "SSN 123-45-0000",
            "mixed 123-45 6789",
            "date 2024-01-15",
            "phone 555-123-4567",
            "longer 123-45-6789-01",
            "part 9123-45-6789",
            "SSN: 000000000"})
    void rejectsInvalidOrNonSsnNumbers(String text) {
        assertThat(Found.in(ssn, text)).isEmpty();
    }
}
