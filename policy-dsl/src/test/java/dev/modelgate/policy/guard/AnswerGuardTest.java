package dev.modelgate.policy.guard;

import dev.modelgate.policy.eval.CompiledPolicy;
import dev.modelgate.policy.load.EnvInterpolator;
import dev.modelgate.policy.load.PolicyException;
import dev.modelgate.policy.load.PolicyLoader;
import dev.modelgate.policy.load.PolicySource;
import dev.modelgate.policy.request.TextPart;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guardrails on answers: a whole answer, and a streamed one whose guarded values are split across pieces. What a
 * stream lets out, joined, is what the whole answer's scan gives; nothing guarded ever leaves before it is seen whole.
 */
class AnswerGuardTest {

    static final String SECRET = "sk_live_" + "tWJo7UQKwi0FdLXNDgCEtoS1";

    static GuardEngine engine(String guardrails) {
        String yaml = """
                version: 1
                providers:
                  sim: { type: simulated, base_url: http://127.0.0.1:9/v1 }
                models:
                  chat: { candidates: [ { provider: sim, model: sim-chat } ] }
                teams:
                  t: { consumers: [app] }
                guardrails:
                """ + guardrails;
        try {
            return CompiledPolicy.of(new PolicyLoader(EnvInterpolator.system())
                    .load(List.of(new PolicySource("p.yaml", yaml.getBytes(StandardCharsets.UTF_8))))).guards();
        } catch (PolicyException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    static final GuardEngine REDACTING = engine("""
              - { id: no-mail-out, detect: email, action: redact, applies_to: output }
              - { id: no-secrets-out, detect: secrets, action: redact, applies_to: both }
            """);

    /** What a stream lets out for these pieces, joined, with the end. */
    static String streamed(AnswerGuard guard, List<String> pieces) {
        AnswerGuard.Stream stream = guard.stream();
        StringBuilder out = new StringBuilder();
        for (String piece : pieces) {
            out.append(stream.accept(piece));
        }
        return out.append(stream.finish()).toString();
    }

    static List<String> pieces(String text, int size) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < text.length(); i += size) {
            out.add(text.substring(i, Math.min(text.length(), i + size)));
        }
        return out;
    }

    @Test
    void anOutputGuardrailReadsAnswersAndNotRequests() {
        assertThat(REDACTING.check("t", "chat", List.of(new TextPart("/messages/0/content", "write to ann.lee@acme-mail.io")), 10)
                .redactions()).as("applies_to: output leaves the request alone").isEmpty();
        AnswerGuard.Verdict v = REDACTING.answerGuard("t", "chat").scan("Write to ann.lee@acme-mail.io, token " + SECRET + ".");
        assertThat(v.text()).isEqualTo("Write to [REDACTED:EMAIL], token [REDACTED:SECRET].");
        assertThat(v.firedBy()).containsExactly("no-mail-out", "no-secrets-out");
        assertThat(engine("  - { id: in, detect: email, action: deny }\n").answerGuard("t", "chat"))
                .as("no output guardrail: nothing to hold back").isNull();
    }

    @Test
    void aSecretSplitAcrossChunksIsRedactedWhateverTheChunkSize() {
        String answer = "Here is the configuration you asked for. ".repeat(5) + "Use the token " + SECRET
                + " and mail ann.lee@acme-mail.io when it is done. " + "Thanks. ".repeat(30);
        String whole = REDACTING.answerGuard("t", "chat").scan(answer).text();
        assertThat(whole).doesNotContain(SECRET).doesNotContain("ann.lee@acme-mail.io");
        for (int size : new int[]{1, 3, 7, 16, 40, 200, 5000}) {
            String out = streamed(REDACTING.answerGuard("t", "chat"), pieces(answer, size));
            assertThat(out).as("pieces of " + size).isEqualTo(whole);
        }
    }

    @Test
    void textWithNothingGuardedPassesWholeAndStartsFlowingOnceTheWindowIsFull() {
        String answer = "a plain answer without anything sensitive in it. ".repeat(10);
        AnswerGuard.Stream stream = REDACTING.answerGuard("t", "chat").stream();
        assertThat(stream.accept(answer.substring(0, AnswerGuard.WINDOW))).as("the window is held").isEmpty();
        String flowing = stream.accept(answer.substring(AnswerGuard.WINDOW, 300));
        assertThat(flowing).isEqualTo(answer.substring(0, 300 - AnswerGuard.WINDOW));
        assertThat(flowing + stream.accept(answer.substring(300)) + stream.finish()).isEqualTo(answer);
    }

    @Test
    void aDenyingGuardrailStopsTheStreamBeforeTheValueLeaves() {
        GuardEngine denying = engine("  - { id: stop-secrets, detect: secrets, action: deny, applies_to: output }\n");
        String answer = "x".repeat(300) + " the key is " + SECRET + " and more text follows " + "y".repeat(300);
        AnswerGuard.Stream stream = denying.answerGuard("t", "chat").stream();
        StringBuilder out = new StringBuilder();
        for (String piece : pieces(answer, 5)) {
            out.append(stream.accept(piece));
        }
        out.append(stream.finish());
        assertThat(stream.deniedBy()).isEqualTo("stop-secrets");
        assertThat(out.toString()).doesNotContain("sk_live_").startsWith("x".repeat(100));
        assertThat(denying.answerGuard("t", "chat").scan(answer).denied()).isTrue();
    }
}
