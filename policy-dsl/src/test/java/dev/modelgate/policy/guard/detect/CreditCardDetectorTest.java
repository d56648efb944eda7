package dev.modelgate.policy.guard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CreditCardDetectorTest {

    private final Detector card = Detectors.creditCard();

    @ParameterizedTest
    @ValueSource(strings = {
            "4111 1111 1111 1111",      // Visa test card
            "501812345673",             // Maestro, 12 digits
            "180012345678905",          // JCB, older 15-digit range
            "213112345678904",          // JCB 2131
            "38123456789011",           // Diners Club, 14 digits
            "3520123456789010",         // JCB 16 digits
            "4111-1111-1111-1111",
            "4111111111111111",
            "4012888888881881",
            "5555 5555 5555 4444",      // Mastercard
            "2223 0031 2200 3222",      // Mastercard 2-series
            "3782 822463 10005",        // Amex 4-6-5
            "378282246310005",
            "6011 1111 1111 1117",      // Discover
            "3530 1113 3330 0000",      // JCB
            "3622 720627 1667"})        // Diners 14 digits
    void findsTestCardsWithExactSpan(String number) {
        String text = "Charge my card " + number + " please.";
        assertThat(Found.in(card, text)).containsExactly(Found.span(text, number, "CREDIT_CARD"));
    }

    @Test
    void trailingCvvAndLeadingSmallNumbersAreNotPartOfTheCard() {
        assertThat(Found.texts(card, "card 4111 1111 1111 1111 123 exp 12/26")).containsExactly("4111 1111 1111 1111");
        assertThat(Found.texts(card, "qty 12 4111 1111 1111 1111")).containsExactly("4111 1111 1111 1111");
    }

    @Test
    void findsTwoCardsAndCardsInNonLatinText() {
        String text = "卡号4111111111111111和5555-5555-5555-4444，谢谢😀";
        assertThat(Found.texts(card, text)).containsExactly("4111111111111111", "5555-5555-5555-4444");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "card 4111 1111 1111 1112 fails Luhn",
            "number 9111111111111110 is Luhn-valid but has no known issuer",
            "order 1234567890123452 is Luhn-valid with an unknown prefix",
            "visa of 15 digits 411111111111116",
            "amex with 16 digits 3782822463100050",
            "tracking 4111111111111111000 too long for Visa luhn",
            "glued id4111111111111111",
            "glued 4111111111111111abc",
            "uneven groups 41 1111111 111 11111",
            "date 2024-01-15 and phone 555-123-4567"})
    void rejectsNearMisses(String text) {
        assertThat(Found.in(card, text)).isEmpty();
    }

    @Test
    void findsCardAtTheEndOfALongRunOfNumbers() {
        String text = "codes 1 2 3 4 5 6 7 8 9 10 11 12 4111 1111 1111 1111 end";
        assertThat(Found.in(card, text)).containsExactly(Found.span(text, "4111 1111 1111 1111", "CREDIT_CARD"));
    }
}
