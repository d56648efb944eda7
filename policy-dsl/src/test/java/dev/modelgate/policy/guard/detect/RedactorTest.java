package dev.modelgate.policy.guard.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

    private static List<Match> findAll(String text, Detector... detectors) {
        List<Match> out = new ArrayList<>();
        for (Detector d : detectors) {
            d.find(text, out);
        }
        return out;
    }

    @Test
    void redactsSeveralKindsInOneText() {
        String text = "Email alice@example.com, card 4111 1111 1111 1111, call +44 20 7946 0958, key AKIA4N7QZRWX3KDP6TLB.";
        List<Match> matches = findAll(text, Detectors.secrets(), Detectors.phone(), Detectors.email(), Detectors.creditCard());
        assertThat(Redactor.redact(text, matches)).isEqualTo(
                "Email [REDACTED:EMAIL], card [REDACTED:CREDIT_CARD], call [REDACTED:PHONE], key [REDACTED:SECRET].");
    }

    @Test
    void overlappingMatchesBecomeOnePlaceholderOfTheLongestKind() {
        String text = "x 0123456789 y";
        List<Match> matches = List.of(new Match(2, 8, "PHONE"), new Match(5, 12, "CUSTOM"));
        assertThat(Redactor.redact(text, matches)).isEqualTo("x [REDACTED:CUSTOM] y");
        assertThat(Redactor.redact(text, List.of(matches.get(1), matches.get(0)))).isEqualTo("x [REDACTED:CUSTOM] y");
    }

    @Test
    void containedMatchIsAbsorbed() {
        String text = "card 4111 1111 1111 1111!";
        List<Match> matches = List.of(new Match(10, 19, "PHONE"), new Match(5, 24, "CREDIT_CARD"));
        assertThat(Redactor.redact(text, matches)).isEqualTo("card [REDACTED:CREDIT_CARD]!");
    }

    @Test
    void equalOverlapsAreResolvedByStartThenKindWhateverTheInputOrder() {
        String text = "abcdefgh";
        List<Match> a = List.of(new Match(0, 4, "B"), new Match(2, 6, "A"));
        assertThat(Redactor.redact(text, a)).isEqualTo("[REDACTED:B]gh");
        List<Match> same = List.of(new Match(0, 4, "SECRET"), new Match(0, 4, "CUSTOM"));
        assertThat(Redactor.redact(text, same)).isEqualTo("[REDACTED:CUSTOM]efgh");
        assertThat(Redactor.redact(text, List.of(same.get(1), same.get(0)))).isEqualTo("[REDACTED:CUSTOM]efgh");
    }

    @Test
    void adjacentMatchesStaySeparate() {
        String text = "a@example.comb@example.org";
        List<Match> matches = List.of(new Match(13, 26, "EMAIL"), new Match(0, 13, "EMAIL"));
        assertThat(Redactor.redact(text, matches)).isEqualTo("[REDACTED:EMAIL][REDACTED:EMAIL]");
    }

    @Test
    void keepsNonAsciiTextAroundMatches() {
        String text = "邮件：alice@example.com 😀 مرحبا 4111111111111111。";
        List<Match> matches = findAll(text, Detectors.email(), Detectors.creditCard());
        assertThat(Redactor.redact(text, matches)).isEqualTo("邮件：[REDACTED:EMAIL] 😀 مرحبا [REDACTED:CREDIT_CARD]。");
    }

    @Test
    void neverSplitsASurrogatePair() {
        String text = "a😀b";
        assertThat(Redactor.redact(text, List.of(new Match(1, 2, "CUSTOM")))).isEqualTo("a[REDACTED:CUSTOM]b");
        assertThat(Redactor.redact(text, List.of(new Match(2, 3, "CUSTOM")))).isEqualTo("a[REDACTED:CUSTOM]b");
    }

    @Test
    void noMatchesLeavesTextUnchangedAndBadSpansAreRejected() {
        assertThat(Redactor.redact("plain", List.of())).isEqualTo("plain");
        assertThatThrownBy(() -> Redactor.redact("short", List.of(new Match(2, 9, "X"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Match(3, 3, "X")).isInstanceOf(IllegalArgumentException.class);
    }
}
