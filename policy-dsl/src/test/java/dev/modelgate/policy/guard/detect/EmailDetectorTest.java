package dev.modelgate.policy.guard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailDetectorTest {

    private final Detector email = Detectors.email();

    @Test
    void findsAddressesInSentencesWithExactSpans() {
        String text = "Mail alice@example.com or Bob.Smith+tag@mail.example.co.uk, thanks.";
        assertThat(Found.in(email, text)).containsExactly(
                Found.span(text, "alice@example.com", "EMAIL"),
                Found.span(text, "Bob.Smith+tag@mail.example.co.uk", "EMAIL"));
    }

    @Test
    void trailingSentenceDotAndBracketsAreNotPartOfTheAddress() {
        assertThat(Found.texts(email, "Write to <ops-team@corp.example.org>.")).containsExactly("ops-team@corp.example.org");
        assertThat(Found.texts(email, "(contact: x_y%z@sub-domain.example.io)")).containsExactly("x_y%z@sub-domain.example.io");
        assertThat(Found.texts(email, "ends with first.last@example.com.")).containsExactly("first.last@example.com");
    }

    @Test
    void findsAddressGluedToChineseTextAndEmoji() {
        String text = "联系邮箱：张伟zhang.wei@example.cn😀谢谢";
        assertThat(Found.in(email, text)).containsExactly(Found.span(text, "zhang.wei@example.cn", "EMAIL"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "foo@bar is not an address",
            "follow @handle on social",
            "email me at @example.com",
            "user@localhost",
            "a@b.c",
            "version@1.2.3",
            "x.@example.com",
            "john..doe@example.com",
            "name@-example.com",
            "name@example.c0m",
            "no at sign here example.com",
            "decorator @Override and a@b"})
    void rejectsNearMisses(String text) {
        assertThat(Found.in(email, text)).isEmpty();
    }

    @Test
    void twoAddressesSeparatedOnlyByCommaAreTwoMatches() {
        assertThat(Found.texts(email, "a@example.com,b@example.org")).containsExactly("a@example.com", "b@example.org");
    }
}
