package dev.modelgate.policy.guard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneDetectorTest {

    private final Detector phone = Detectors.phone();

    @ParameterizedTest
    @ValueSource(strings = {
            "(555) 123-4567",
            "555-123-4567",
            "555.123.4567",
            "555 123 4567",
            "1-800-555-0199",
            "+1 (555) 123-4567",
            "+1 555 123 4567",
            "+44 20 7946 0958",
            "+44 (0)20 7946 0958",
            "+49 30 123456",
            "+49-30-123456",
            "+14155552671",
            "020 7946 0958",
            "030 123456",
            "(030) 123456",
            "01 23 45 67 89"})
    void findsPhoneShapedNumbersWithExactSpan(String number) {
        String text = "Please call " + number + ", thanks.";
        assertThat(Found.in(phone, text)).containsExactly(Found.span(text, number, "PHONE"));
    }

    @Test
    void findsSeveralNumbersAndNumbersInChineseAndArabicText() {
        String text = "我的电话是555-123-4567，办公室+44 20 7946 0958。";
        assertThat(Found.texts(phone, text)).containsExactly("555-123-4567", "+44 20 7946 0958");
        String arabic = "اتصل بي على +49 30 123456 شكرا";
        assertThat(Found.texts(phone, arabic)).containsExactly("+49 30 123456");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "released on 2024-01-15 at noon",
            "dated 15.01.2024 and 01.02.2024",
            "upgrade to version 1.2.3.4567",
            "server 192.168.100.200 is down",
            "order number 5551234567 shipped",
            "card 4111 1111 1111 1111 expires",
            "amex 3782 822463 10005 expires",
            "ticket #555-123-4567",
            "ref ORD-555-123-4567",
            "id abc555-123-4567",
            "between 100 200 300 4000 units",
            "(555) 123",
            "+1 234",
            "area code 155-123-4567 is invalid",
            "12 34 56 78 90 is not French"})
    void rejectsNumbersThatAreNotPhoneShaped(String text) {
        assertThat(Found.in(phone, text)).isEmpty();
    }

    @Test
    void nationalNumbersCountOnlyInTheHintRegions() {
        // 055 is Florence's area code: a valid Italian number, but not a number in the US plan
        assertThat(Found.in(phone, "call 055-123-45 now")).isNotEmpty();
        assertThat(Found.in(Detectors.phone(java.util.List.of("US")), "call 055-123-45 now")).isEmpty();
        assertThat(Found.texts(Detectors.phone(java.util.List.of("AT")), "ruf an: 0699 456 17 84"))
                .containsExactly("0699 456 17 84");
    }

    @Test
    void unknownRegionIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Detectors.phone(java.util.List.of("XX")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closingParenthesisOfProseIsNotPartOfTheNumber() {
        assertThat(Found.texts(phone, "(call 555-123-4567)")).containsExactly("555-123-4567");
    }
}
