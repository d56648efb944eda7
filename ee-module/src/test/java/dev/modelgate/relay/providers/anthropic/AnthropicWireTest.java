package dev.modelgate.relay.providers.anthropic;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.policy.model.Price;
import dev.modelgate.policy.pricing.Pricing;
import dev.modelgate.policy.pricing.Usage;
import dev.modelgate.relay.providers.NativeWire;
import dev.modelgate.relay.providers.TranslationException;
import dev.modelgate.relay.sse.SseEvent;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Usage read from Anthropic's own answers as they pass through, each token class apart, and priced exactly. */
class AnthropicWireTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AnthropicWire wire = new AnthropicWire();

    @Test
    void aMessagesCacheWritesAreSplitByTtlAndPricedAtTheirRates() throws Exception {
        Usage usage = wire.usage(JSON.readTree("""
                {"type": "message", "content": [], "usage": {"input_tokens": 20, "output_tokens": 300,
                 "cache_read_input_tokens": 0, "cache_creation_input_tokens": 3000,
                 "cache_creation": {"ephemeral_5m_input_tokens": 2000, "ephemeral_1h_input_tokens": 1000}}}"""));

        assertThat(usage).isEqualTo(new Usage(3020, 0, 2000, 1000, 300, 0, 0));
        Price sonnet = new Price(new BigDecimal("3"), new BigDecimal("15"), new BigDecimal("0.30"), null, null, null, null, null, null);
        // 20 × 3 + 2000 × 3.75 + 1000 × 6 + 300 × 15 micro-USD
        assertThat(Pricing.costMicros(sonnet, usage)).isEqualTo(60 + 7500 + 6000 + 4500);
    }

    @Test
    void withoutTheSplitEveryCacheWriteIsAFiveMinuteOne() throws Exception {
        Usage usage = wire.usage(JSON.readTree("""
                {"type": "message", "content": [], "usage": {"input_tokens": 50, "output_tokens": 200,
                 "cache_read_input_tokens": 3000, "cache_creation_input_tokens": 320}}"""));
        assertThat(usage).isEqualTo(new Usage(3370, 3000, 320, 0, 200, 0, 0));
    }

    @Test
    void aStreamsUsageComesFromMessageStartAndMessageDelta() throws Exception {
        NativeWire.StreamMeter meter = wire.stream();
        meter.see(SseEvent.named("message_start", """
                {"type":"message_start","message":{"id":"m","usage":{"input_tokens":30,"output_tokens":1,
                 "cache_read_input_tokens":3320,"cache_creation_input_tokens":0}}}"""));
        meter.see(SseEvent.named("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}"));
        assertThat(meter.outputReported()).isFalse();
        assertThat(meter.delivered()).isEqualTo("Hi");
        meter.see(SseEvent.named("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":150}}"));
        assertThat(meter.finished()).isFalse();
        meter.see(SseEvent.named("message_stop", "{\"type\":\"message_stop\"}"));

        assertThat(meter.finished()).isTrue();
        assertThat(meter.usage()).isEqualTo(new Usage(3350, 3320, 0, 0, 150, 0, 0));
    }

    @Test
    void anErrorEventOrAnythingButAMessageIsNoAnswer() {
        assertThatThrownBy(() -> wire.stream().see(SseEvent.named("error",
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")))
                .isInstanceOf(TranslationException.class).hasMessageContaining("overloaded_error");
        assertThatThrownBy(() -> wire.usage(JSON.readTree("{\"type\":\"error\"}"))).isInstanceOf(TranslationException.class);
        assertThat(wire.broken("cut").data()).isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"cut\"}}");
    }
}
