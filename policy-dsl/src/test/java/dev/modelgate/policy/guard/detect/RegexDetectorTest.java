package dev.modelgate.policy.guard.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void catastrophicBacktrackingFailsClosedInsteadOfHanging() {
        // JDK 9+ memoises simple nested loops, so "(a+)+$" is only quadratic there; one more level
        // of nesting is exponential again (about 16x per four more a's on JDK 17)
        Detector d = Detectors.regex("CUSTOM", Pattern.compile("((a+)+)+$"));
        String text = "a".repeat(30) + "!";
        // the timeout only guards against a hang; the budget must make this return at once
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThat(d.matches(text)).isTrue();
            assertThat(Found.in(d, text)).containsExactly(new Match(0, text.length(), "CUSTOM"));
        });
    }

    @Test
    void nestedQuantifierTheJdkMemoisesStillGetsItsTrueResult() {
        Detector d = Detectors.regex("CUSTOM", Pattern.compile("(a+)+$"));
        String text = "a".repeat(30) + "!";
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThat(Found.in(d, text)).isEmpty();
            assertThat(Found.texts(d, "x" + "a".repeat(30))).containsExactly("a".repeat(30));
        });
    }

    @Test
    void anExhaustedBudgetReplacesMatchesAlreadyFound() {
        // finds "x" first, then backtracks catastrophically on the run of a's
        Detector d = Detectors.regex("CUSTOM", Pattern.compile("x|((a+)+)+$"));
        String text = "x " + "a".repeat(30) + "!";
        List<Match> out = new ArrayList<>(List.of(new Match(0, 1, "EARLIER")));
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> d.find(text, out));
        assertThat(out).containsExactly(new Match(0, 1, "EARLIER"), new Match(0, text.length(), "CUSTOM"));
    }

    @Test
    void ordinaryPatternsOnLongTextStayWithinBudget() {
        Detector d = Detectors.regex("CUSTOM", Pattern.compile("\\b[a-z0-9-]+\\.corp\\.contoso\\.com\\b"));
        String prose = "the build runs on a shared host, and every team can reach it from the office. ".repeat(400);
        String text = prose + "see build-01.corp.contoso.com now";
        assertThat(Found.texts(d, prose)).isEmpty();
        assertThat(Found.texts(d, text)).containsExactly("build-01.corp.contoso.com");
        Detector greedy = Detectors.regex("CUSTOM", Pattern.compile("(?s)x.*y"));
        String wide = "x" + "b".repeat(20_000) + "y";
        assertThat(Found.texts(greedy, wide)).containsExactly(wide);
    }
}
