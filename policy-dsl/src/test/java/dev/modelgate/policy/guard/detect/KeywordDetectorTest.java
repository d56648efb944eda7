package dev.modelgate.policy.guard.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeywordDetectorTest {

    @Test
    void findsWholeWordsCaseInsensitively() {
        Detector d = Detectors.keywords("KEYWORD", List.of("phoenix", "ass"), false);
        String text = "Project PHOENIX is in class B; Phoenix-2 too.";
        assertThat(Found.in(d, text)).containsExactly(
                new Match(8, 15, "KEYWORD"),
                new Match(text.indexOf("Phoenix-2"), text.indexOf("Phoenix-2") + 7, "KEYWORD"));
    }

    @Test
    void caseSensitiveModeRespectsCase() {
        Detector d = Detectors.keywords("KEYWORD", List.of("Secret"), true);
        assertThat(Found.texts(d, "a secret and a Secret")).containsExactly("Secret");
        assertThat(Found.in(d, "SECRET")).isEmpty();
    }

    @Test
    void phraseMatchesAcrossAnyWhitespaceRun() {
        Detector d = Detectors.keywords("KEYWORD", List.of("project  phoenix"), false);
        String text = "about Project\n\t Phoenix today";
        assertThat(Found.in(d, text)).containsExactly(Found.span(text, "Project\n\t Phoenix", "KEYWORD"));
    }

    @Test
    void overlappingKeywordsYieldLeftmostLongest() {
        Detector d = Detectors.keywords("KEYWORD", List.of("york", "new york", "york city"), false);
        assertThat(Found.texts(d, "in new york city")).containsExactly("new york");
        assertThat(Found.texts(d, "york city hall")).containsExactly("york city");
    }

    @Test
    void scriptsWithoutSpacesMatchInsideWords() {
        Detector d = Detectors.keywords("CUSTOM", List.of("机密", "phoenix"), false);
        String text = "这是机密文件，请不要提到Phoenix的事情😀";
        assertThat(Found.texts(d, text)).containsExactly("机密", "Phoenix");
    }

    @Test
    void accentedLettersStillFormWordBoundaries() {
        Detector d = Detectors.keywords("KEYWORD", List.of("sume"), false);
        assertThat(Found.in(d, "résume")).isEmpty();
        assertThat(Found.texts(d, "é sume é")).containsExactly("sume");
    }

    @Test
    void manyKeywordsAreAllFound() {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            words.add("codename" + i);
        }
        Detector d = Detectors.keywords("KEYWORD", words, false);
        assertThat(Found.texts(d, "we use codename4999 and codename17 but not codename50000"))
                .containsExactly("codename4999", "codename17");
    }

    @Test
    void blankKeywordsAreRejected() {
        assertThatThrownBy(() -> Detectors.keywords("KEYWORD", List.of(), false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Detectors.keywords("KEYWORD", List.of("ok", "  "), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nonAsciiKeywordsFoldCase() {
        Detector d = Detectors.keywords("KEYWORD", List.of("café  crème"), false);
        String text = "un CAFÉ\u00A0CRÈME, s'il vous plaît";
        assertThat(Found.in(d, text)).containsExactly(Found.span(text, "CAFÉ\u00A0CRÈME", "KEYWORD"));
    }
}
