package dev.modelgate.relay.settlement;

import dev.modelgate.relay.settlement.UsageHistory.Call;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GenerationsTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00.123456Z");

    private static Call call(int attempt, String model, int status, String outcome, long in, long out, long cost) {
        return new Call(attempt, "search", "k1", "chat", "sim", model, in, out, 1_500, status, outcome, true, cost, AT);
    }

    @Test
    void aServedRequestIsRebuiltFromItsCallsWithTheServingCallsUsageAndTheTotalCost() {
        Generation g = Generations.fromLedger("gen-1", List.of(
                call(1, "a", 503, "HTTP 503", 0, 0, 0),
                call(2, "b", 200, "ok", 12, 5, 340))).orElseThrow();

        assertThat(g.provider()).isEqualTo("sim");
        assertThat(g.model()).isEqualTo("b");
        assertThat(g.outcome()).isEqualTo("ok");
        assertThat(g.promptTokens()).isEqualTo(12);
        assertThat(g.completionTokens()).isEqualTo(5);
        assertThat(g.costMicros()).isEqualTo(340);
        assertThat(g.key()).isEqualTo("k1");
        assertThat(g.streamed()).isTrue();
        assertThat(g.createdAt()).isEqualTo(AT);
        assertThat(g.attempts()).extracting(a -> a.deployment() + " " + a.status() + " " + a.outcome())
                .containsExactly("sim/a 503 HTTP 503", "sim/b 200 ok");
    }

    @Test
    void aRequestNoCallServedNamesNoProviderAndSaysSo() {
        Generation g = Generations.fromLedger("gen-2", List.of(call(1, "a", 503, "HTTP 503", 0, 0, 0),
                call(2, "b", 0, "timed out", 0, 0, 0))).orElseThrow();

        assertThat(g.provider()).isNull();
        assertThat(g.model()).isNull();
        assertThat(g.outcome()).isEqualTo("not served (last call: timed out)");
        assertThat(g.costMicros()).isZero();
    }

    @Test
    void noCallsIsNoGeneration() {
        assertThat(Generations.fromLedger("gen-3", List.of())).isEmpty();
    }
}
