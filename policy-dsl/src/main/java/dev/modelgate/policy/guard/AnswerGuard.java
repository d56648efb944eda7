package dev.modelgate.policy.guard;

import dev.modelgate.policy.guard.detect.Match;
import dev.modelgate.policy.guard.detect.Redactor;
import dev.modelgate.policy.model.GuardAction;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The guardrails that read a model's answer (those with {@code applies_to: output} or {@code both}) for one team
 * and alias: the whole text of an answer at once, or a streamed answer piece by piece ({@link Stream}).
 * Deny wins; redactions of several guardrails are merged; a deny never quotes what it found.
 */
public final class AnswerGuard {

    /**
     * Characters of a streamed answer held back until more text shows that no guarded value runs through them:
     * a secret or an address split across chunks is then still seen whole. 128 covers the self-identifying tokens,
     * card numbers, IBANs, addresses and phone numbers the detectors find (a PEM block is longer, but its header is
     * found on its own). The cost is time to first byte: the first text goes out once 128 characters (about 30
     * tokens) have come, or the answer ends.
     */
    public static final int WINDOW = 128;

    private final List<GuardEngine.Compiled> rules;

    AnswerGuard(List<GuardEngine.Compiled> rules) {
        this.rules = rules;
    }

    /** What the guardrails made of some answer text. @param deniedBy null unless denied; then {@code text} is empty */
    public record Verdict(String text, String deniedBy, List<String> firedBy) {

        public boolean denied() {
            return deniedBy != null;
        }
    }

    /** A whole answer text: denied, or the text with its redactions. */
    public Verdict scan(String text) {
        Set<String> fired = new LinkedHashSet<>();
        String denied = denyingRule(text, fired);
        if (denied != null) {
            return new Verdict("", denied, List.copyOf(fired));
        }
        List<Match> matches = redactions(text, fired);
        return new Verdict(matches.isEmpty() ? text : Redactor.redact(text, matches), null, List.copyOf(fired));
    }

    /** A new stream of answer text (one per streamed choice); not thread-safe. */
    public Stream stream() {
        return new Stream();
    }

    /**
     * A streamed answer: each piece is {@link #accept accepted} and what can safely go out is returned, redacted;
     * the last {@link #WINDOW} characters wait for the next piece or for {@link #finish()}.
     */
    public final class Stream {

        private final StringBuilder pending = new StringBuilder();
        private final Set<String> fired = new LinkedHashSet<>();
        private String deniedBy;

        /** @return the text that may go out now (possibly empty); nothing more once {@link #deniedBy()} is set */
        public String accept(String piece) {
            if (deniedBy != null) {
                return "";
            }
            pending.append(piece);
            deniedBy = denyingRule(pending, fired);
            if (deniedBy != null) {
                pending.setLength(0);
                return "";
            }
            List<Match> matches = redactions(pending, fired);
            int cut = pending.length() - WINDOW;
            // A match running over the cut is held back whole, with whatever overlaps it.
            for (boolean moved = true; moved && cut > 0; ) {
                moved = false;
                for (Match m : matches) {
                    if (m.start() < cut && m.end() > cut) {
                        cut = m.start();
                        moved = true;
                    }
                }
            }
            if (cut <= 0) {
                return "";
            }
            final int end = cut;
            List<Match> before = matches.stream().filter(m -> m.end() <= end).toList();
            String out = before.isEmpty() ? pending.substring(0, cut) : Redactor.redact(pending.subSequence(0, cut), new ArrayList<>(before));
            pending.delete(0, cut);
            return out;
        }

        /** The held-back rest, redacted, at the end of the answer (empty when denied). */
        public String finish() {
            if (deniedBy != null || pending.isEmpty()) {
                return "";
            }
            Verdict rest = scan(pending.toString());
            fired.addAll(rest.firedBy());
            pending.setLength(0);
            if (rest.denied()) {
                deniedBy = rest.deniedBy();
                return "";
            }
            return rest.text();
        }

        /** The guardrail that stopped the answer, or null. */
        public String deniedBy() {
            return deniedBy;
        }

        /** Every guardrail that fired so far (deny, redact or log). */
        public List<String> firedBy() {
            return List.copyOf(fired);
        }
    }

    private String denyingRule(CharSequence text, Set<String> fired) {
        for (GuardEngine.Compiled g : rules) {
            if (g.rule().action() != GuardAction.REDACT && g.detector().matches(text)) {
                fired.add(g.rule().id());
                if (g.rule().action() == GuardAction.DENY) {
                    return g.rule().id();
                }
            }
        }
        return null;
    }

    private List<Match> redactions(CharSequence text, Set<String> fired) {
        List<Match> all = new ArrayList<>(0);
        for (GuardEngine.Compiled g : rules) {
            if (g.rule().action() == GuardAction.REDACT) {
                // A list of its own: a detector may read what it already appended (its matches do not overlap).
                List<Match> found = new ArrayList<>(0);
                g.detector().find(text, found);
                if (!found.isEmpty()) {
                    all.addAll(found);
                    fired.add(g.rule().id());
                }
            }
        }
        all.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start()) : Integer.compare(b.end(), a.end()));
        return all;
    }
}
