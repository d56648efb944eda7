package dev.modelgate.policy.guard.detect;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class RequiredLiteralTest {

    @Test
    void findsTheLongestLiteralOfSimplePatterns() {
        assertThat(RequiredLiteral.of("\\b[a-z0-9-]+\\.corp\\.contoso\\.com\\b")).isEqualTo(".corp.contoso.com");
        assertThat(RequiredLiteral.of("AKIA[0-9A-Z]+")).isEqualTo("AKIA");
        assertThat(RequiredLiteral.of("ticket-[0-9]+ for acme")).isEqualTo(" for acme");
        assertThat(RequiredLiteral.of("abcd+e")).isEqualTo("abcd");
    }

    @Test
    void refusesWhenALiteralCouldBeOptionalOrAlternative() {
        assertThat(RequiredLiteral.of("foo|barbaz")).isNull();
        assertThat(RequiredLiteral.of("(secret)?word")).isNull();
        assertThat(RequiredLiteral.of("abc*")).isNull();
        assertThat(RequiredLiteral.of("x{0,3}yyyy")).isNull();
        assertThat(RequiredLiteral.of("\\d+\\s+ab")).isNull();
        assertThat(RequiredLiteral.of("[abc]+")).isNull();
    }

    @Test
    void theShortcutNeverChangesWhatIsFound() {
        String pattern = "\\b[a-z0-9-]+\\.corp\\.contoso\\.com\\b";
        Detector detector = Detectors.regex("CUSTOM", Pattern.compile(pattern));
        for (String text : List.of("deploy to build-01.corp.contoso.com now", "nothing to see", "corp.contoso.com alone",
                "a.corp.contoso.com and b-2.corp.contoso.com", "")) {
            List<Match> viaDetector = new ArrayList<>();
            detector.find(text, viaDetector);
            List<String> expected = new ArrayList<>();
            var m = Pattern.compile(pattern).matcher(text);
            while (m.find()) {
                expected.add(m.group());
            }
            assertThat(viaDetector).extracting(x -> text.substring(x.start(), x.end())).containsExactlyElementsOf(expected);
        }
    }
}
