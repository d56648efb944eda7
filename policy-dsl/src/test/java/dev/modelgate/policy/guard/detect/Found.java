package dev.modelgate.policy.guard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/** Test helpers: run a detector and express expected spans by the substring they cover. */
final class Found {

    private Found() {
    }

    /** All matches, also checking that matches() agrees with find() and spans are ordered and disjoint. */
    static List<Match> in(Detector detector, String text) {
        List<Match> out = new ArrayList<>();
        detector.find(text, out);
        assertThat(detector.matches(text)).as("matches() agrees with find() on %s", text).isEqualTo(!out.isEmpty());
        for (int k = 1; k < out.size(); k++) {
            assertThat(out.get(k).start()).as("ordered, non-overlapping").isGreaterThanOrEqualTo(out.get(k - 1).end());
        }
        return out;
    }

    /** The covered substrings, for readable assertions. */
    static List<String> texts(Detector detector, String text) {
        List<String> result = new ArrayList<>();
        for (Match m : in(detector, text)) {
            result.add(text.substring(m.start(), m.end()));
        }
        return result;
    }

    /** The match covering the first occurrence of {@code part} in {@code text}. */
    static Match span(String text, String part, String kind) {
        int start = text.indexOf(part);
        assertThat(start).as("test text contains %s", part).isGreaterThanOrEqualTo(0);
        return new Match(start, start + part.length(), kind);
    }
}
