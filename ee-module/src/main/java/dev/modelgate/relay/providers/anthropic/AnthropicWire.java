package dev.modelgate.relay.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.guard.AnswerGuard;
import dev.modelgate.policy.pricing.Usage;
import dev.modelgate.relay.providers.NativeWire;
import dev.modelgate.relay.providers.OpenAiChunks;
import dev.modelgate.relay.providers.TranslationException;
import dev.modelgate.relay.sse.SseEvent;

/**
 * Anthropic's Messages format as the relay passes it through: usage is read from a message's {@code usage},
 * and from a stream's {@code message_start} (input and cache counts) and {@code message_delta} (the output
 * count), while the events themselves go to the client as Anthropic sent them.
 */
public final class AnthropicWire implements NativeWire {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Usage usage(JsonNode answer) throws TranslationException {
        if (!answer.path("type").asText().equals("message") || !answer.path("content").isArray()) {
            throw new TranslationException("not an Anthropic message");
        }
        return AnthropicUsage.of(answer.get("usage")).toUsage();
    }

    @Override
    public StreamMeter stream() {
        return new Meter();
    }

    @Override
    public AnswerFilter screen(AnswerGuard guard) {
        return new AnthropicAnswerScreen(guard);
    }

    @Override
    public SseEvent broken(String message) {
        ObjectNode event = JSON.createObjectNode().put("type", "error");
        event.putObject("error").put("type", "api_error").put("message", message);
        return SseEvent.named("error", event.toString());
    }

    private static final class Meter implements StreamMeter {

        private AnthropicUsage usage = AnthropicUsage.NONE;
        private boolean outputReported;
        private boolean finished;
        private final StringBuilder delivered = new StringBuilder();

        @Override
        public void see(SseEvent event) throws TranslationException {
            JsonNode data = OpenAiChunks.object(event.data(), what -> "Anthropic stream sent an event whose data is " + what);
            String type = data.path("type").asText(event.event() == null ? "" : event.event());
            switch (type) {
                case "error" -> throw new TranslationException("Anthropic stream error (" + data.path("error").path("type").asText("unknown")
                        + "): " + data.path("error").path("message").asText(""));
                case "message_start" -> usage = AnthropicUsage.of(data.path("message").get("usage"));
                case "message_delta" -> {
                    outputReported |= data.path("usage").has("output_tokens");
                    usage = usage.updatedBy(data.get("usage"));
                }
                case "content_block_delta" -> {
                    JsonNode delta = data.path("delta");
                    delivered.append(delta.path("text").asText("")).append(delta.path("thinking").asText(""))
                            .append(delta.path("partial_json").asText(""));
                }
                case "message_stop" -> finished = true;
                default -> {
                    // ping, content_block_start/stop, and event types Anthropic adds later: forwarded, nothing to count
                }
            }
        }

        @Override
        public boolean finished() {
            return finished;
        }

        @Override
        public Usage usage() {
            return usage.toUsage();
        }

        @Override
        public boolean outputReported() {
            return outputReported;
        }

        @Override
        public String delivered() {
            return delivered.toString();
        }
    }
}
