package dev.modelgate.relay.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.eval.CompiledPolicy;
import dev.modelgate.policy.guard.AnswerGuard;
import dev.modelgate.policy.load.EnvInterpolator;
import dev.modelgate.policy.load.PolicyLoader;
import dev.modelgate.policy.load.PolicySource;
import dev.modelgate.relay.sse.SseEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answer guardrails on Anthropic's own stream: what the client receives, event by event, against what the provider
 * sent. A secret split across three deltas is still found whole; a deny keeps the message well formed (its open
 * block closed, the usage kept) and says refusal.
 */
class AnthropicAnswerScreenTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "sk_live_" + "tWJo7UQKwi0FdLXNDgCEtoS1";

    private static AnswerGuard guard(String guardrail) throws Exception {
        String yaml = """
                version: 1
                providers:
                  sim: { type: simulated, base_url: http://127.0.0.1:9/v1 }
                models:
                  chat: { candidates: [ { provider: sim, model: sim-chat } ] }
                teams:
                  t: { consumers: [app] }
                guardrails:
                """ + guardrail;
        return CompiledPolicy.of(new PolicyLoader(EnvInterpolator.system())
                .load(List.of(new PolicySource("p.yaml", yaml.getBytes(StandardCharsets.UTF_8))))).guards().answerGuard("t", "chat");
    }

    private static SseEvent event(String json) {
        try {
            JsonNode data = JSON.readTree(json);
            return SseEvent.named(data.path("type").asText(), json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<SseEvent> stream(String... texts) {
        List<SseEvent> events = new ArrayList<>();
        events.add(event("{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"usage\":{\"input_tokens\":9,\"output_tokens\":1}}}"));
        events.add(event("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}"));
        events.add(event("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hmm\"}}"));
        events.add(event("{\"type\":\"content_block_stop\",\"index\":0}"));
        events.add(event("{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
        for (String text : texts) {
            ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", 1);
            delta.putObject("delta").put("type", "text_delta").put("text", text);
            events.add(event(delta.toString()));
            events.add(event("{\"type\":\"ping\"}"));
        }
        events.add(event("{\"type\":\"content_block_stop\",\"index\":1}"));
        events.add(event("{\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
        events.add(event("{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"text_delta\",\"text\":\"More.\"}}"));
        events.add(event("{\"type\":\"content_block_stop\",\"index\":2}"));
        events.add(event("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":42}}"));
        events.add(event("{\"type\":\"message_stop\"}"));
        return events;
    }

    private static List<JsonNode> screened(AnswerGuard guard, List<SseEvent> events) throws Exception {
        AnthropicAnswerScreen screen = new AnthropicAnswerScreen(guard);
        List<JsonNode> out = new ArrayList<>();
        for (SseEvent e : events) {
            for (SseEvent sent : screen.screen(e)) {
                JsonNode data = JSON.readTree(sent.data());
                assertThat(sent.event()).as("named as its type").isEqualTo(data.path("type").asText());
                out.add(data);
            }
        }
        return out;
    }

    private static String text(List<JsonNode> events, int index) {
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> e.path("index").asInt(-1) == index && e.at("/delta/type").asText().equals("text_delta"))
                .forEach(e -> text.append(e.at("/delta/text").asText()));
        return text.toString();
    }

    @Test
    void aSecretSplitAcrossDeltasIsRedactedAndEverythingElsePassesAsSent() throws Exception {
        AnswerGuard redacting = guard("  - { id: no-secrets-out, detect: secrets, action: redact, applies_to: output }\n");
        List<JsonNode> out = screened(redacting, stream("Your key is " + SECRET.substring(0, 6), SECRET.substring(6, 20),
                SECRET.substring(20) + ", keep it safe."));

        assertThat(text(out, 1)).doesNotContain(SECRET.substring(8)).startsWith("Your key is [REDACTED").endsWith(", keep it safe.");
        assertThat(text(out, 2)).isEqualTo("More.");
        assertThat(out.toString()).contains("thinking_delta").contains("\"stop_reason\":\"end_turn\"");
        assertThat(out.get(out.size() - 1).path("type").asText()).isEqualTo("message_stop");
    }

    @Test
    void aDenyClosesTheOpenBlockDropsTheRestAndEndsAsARefusalWithTheUsage() throws Exception {
        AnswerGuard denying = guard("  - { id: no-secrets-out, detect: secrets, action: deny, applies_to: output }\n");
        List<JsonNode> out = screened(denying, stream("Your key is ", SECRET, " there."));

        assertThat(out.toString()).doesNotContain(SECRET).doesNotContain("More.").doesNotContain("end_turn");
        assertThat(out.stream().map(e -> e.path("type").asText()).toList()).endsWith("content_block_stop", "message_delta", "message_stop");
        JsonNode delta = out.get(out.size() - 2);
        assertThat(delta.at("/delta/stop_reason").asText()).isEqualTo("refusal");
        assertThat(delta.at("/usage/output_tokens").asInt()).isEqualTo(42);
        assertThat(out.stream().filter(e -> e.path("type").asText().equals("content_block_start")).count())
                .as("no block after the stopped one").isEqualTo(2);
    }

    @Test
    void aWholeAnswerIsRedactedOrRefused() throws Exception {
        String answer = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Key "
                + SECRET + "\"},{\"type\":\"text\",\"text\":\"Bye\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null}";
        ObjectNode redacted = (ObjectNode) JSON.readTree(answer);
        new AnthropicAnswerScreen(guard("  - { id: s, detect: secrets, action: redact, applies_to: output }\n")).screenWhole(redacted);
        assertThat(redacted.at("/content/0/text").asText()).startsWith("Key [REDACTED");
        assertThat(redacted.path("content")).hasSize(2);

        ObjectNode refused = (ObjectNode) JSON.readTree(answer);
        AnthropicAnswerScreen screen = new AnthropicAnswerScreen(guard("  - { id: s, detect: secrets, action: deny, applies_to: output }\n"));
        screen.screenWhole(refused);
        assertThat(refused.path("stop_reason").asText()).isEqualTo("refusal");
        assertThat(refused.path("content")).hasSize(1);
        assertThat(refused.toString()).doesNotContain(SECRET).doesNotContain("Bye");
        assertThat(screen.firedBy()).containsExactly("s");
    }
}
