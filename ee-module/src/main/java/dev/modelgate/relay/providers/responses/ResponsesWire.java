package dev.modelgate.relay.providers.responses;

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
 * The Responses API as the relay passes it through to and from OpenAI: usage is read from a response's
 * {@code usage}, and from a stream's {@code response.completed} (or {@code response.incomplete}), which ends it;
 * {@code response.failed} and {@code error} events are the provider's failure. The events reach the client as
 * OpenAI sent them.
 */
public final class ResponsesWire implements NativeWire {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Usage usage(JsonNode answer) throws TranslationException {
        if (!answer.path("object").asText().equals("response") || !answer.path("output").isArray()) {
            throw new TranslationException("not a Responses API response");
        }
        return ResponsesUsage.billed(answer.path("usage"));
    }

    @Override
    public StreamMeter stream() {
        return new Meter();
    }

    @Override
    public AnswerFilter screen(AnswerGuard guard) {
        return new ResponsesAnswerScreen(guard);
    }

    @Override
    public SseEvent broken(String message) {
        ObjectNode event = JSON.createObjectNode().put("type", "error").put("code", "server_error").put("message", message);
        event.putNull("param");
        return SseEvent.named("error", event.toString());
    }

    private static final class Meter implements StreamMeter {

        private Usage usage = Usage.tokens(0, 0);
        private boolean finished;
        private final StringBuilder delivered = new StringBuilder();

        @Override
        public void see(SseEvent event) throws TranslationException {
            JsonNode data = OpenAiChunks.object(event.data(), what -> "The Responses stream sent an event whose data is " + what);
            String type = data.path("type").asText(event.event() == null ? "" : event.event());
            switch (type) {
                case "error" -> throw new TranslationException("Responses stream error: " + data.path("message").asText(""));
                case "response.failed" -> throw new TranslationException("The response failed: "
                        + data.path("response").path("error").path("message").asText(""));
                case "response.completed", "response.incomplete" -> {
                    usage = ResponsesUsage.billed(data.path("response").path("usage"));
                    finished = true;
                }
                case "response.output_text.delta", "response.function_call_arguments.delta", "response.refusal.delta" ->
                        delivered.append(data.path("delta").asText(""));
                default -> {
                    // the other typed events are forwarded and carry nothing to count
                }
            }
        }

        @Override
        public boolean finished() {
            return finished;
        }

        @Override
        public Usage usage() {
            return usage;
        }

        @Override
        public boolean outputReported() {
            return finished;
        }

        @Override
        public String delivered() {
            return delivered.toString();
        }
    }
}
