package dev.modelgate.policy.guard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IbanDetectorTest {

    private final Detector iban = Detectors.iban();

    @ParameterizedTest
    @ValueSource(strings = {
            "GB82 WEST 1234 5698 7654 32",
            "GB82WEST12345698765432",
            "DE89 3704 0044 0532 0130 00",
            "FR14 2004 1010 0505 0001 3M02 606",
            "NL91ABNA0417164300",
            "CH93 0076 2011 6238 5295 7"})
    void findsExampleIbansWithExactSpan(String number) {
        String text = "Bitte überweisen Sie auf " + number + " bis Freitag.";
        assertThat(Found.in(iban, text)).containsExactly(Found.span(text, number, "IBAN"));
    }

    @Test
    void findsIbansNextToArabicTextAndEachOther() {
        String text = "الحساب: GB82WEST12345698765432، DE89370400440532013000.";
        assertThat(Found.texts(iban, text)).containsExactly("GB82WEST12345698765432", "DE89370400440532013000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gb82 west 1234 5698 7654 32", "GB82-WEST-1234-5698-7654-32", "BY13NBRB3600900000002Z00AB00",
            "LC55 HEMM 0001 0001 0012 0012 0002 3015"})
    void acceptsAnyCaseDashesAndEveryRegistryCountry(String iban) {
        assertThat(Found.texts(this.iban, "pay to " + iban + " today")).containsExactly(iban);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "wrong check digits GB83 WEST 1234 5698 7654 32",
            "one digit short DE89 3704 0044 0532 0130 0",
            "one char too many DE89370400440532013000X",
            "unknown country ZZ82 WEST 1234 5698 7654 32",
            "mixed separators GB82 WEST-1234 5698 7654 32",
            "double space GB82  WEST 1234 5698 7654 32",
            "glued xGB82WEST12345698765432",
            "product code AB12 CDEF 3456 7890"})
    void rejectsNearMisses(String text) {
        assertThat(Found.in(iban, text)).isEmpty();
    }
}
