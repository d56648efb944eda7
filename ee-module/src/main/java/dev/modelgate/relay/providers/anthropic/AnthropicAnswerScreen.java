package dev.modelgate.relay.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.guard.AnswerGuard;
import dev.modelgate.relay.providers.NativeWire;
import dev.modelgate.relay.providers.TranslationException;
import dev.modelgate.relay.sse.SseEvent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answer guardrails on Anthropic's own answers, passed through to a {@code /v1/messages} client. Text blocks are
 * read (thinking and tool input are not); a redaction edits the text, a deny ends the answer as Anthropic ends one it
 * refused: {@code stop_reason: "refusal"}, nothing of what was found, no later block. A stream holds back the last
 * {@link AnswerGuard#WINDOW} characters of each text block until more text or the block's end shows them safe, and
 * after a deny drops the provider's further blocks but keeps its {@code message_delta} (with the usage) and
 * {@code message_stop}, so the client's SDK sees a complete, refused message.
 */
final class AnthropicAnswerScreen implements NativeWire.AnswerFilter {

    static final String REFUSAL = "refusal";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AnswerGuard guard;
    private final Map<Integer, AnswerGuard.Stream> blocks = new HashMap<>();
    private final Set<String> fired = new LinkedHashSet<>();
    /** The text block a guardrail stopped, once one did: the rest of the answer is not passed on. */
    private Integer deniedAt;

    AnthropicAnswerScreen(AnswerGuard guard) {
        this.guard = guard;
    }

    @Override
    public void screenWhole(ObjectNode answer) {
        if (!(answer.get("content") instanceof ArrayNode content)) {
            return;
        }
        for (int i = 0; i < content.size(); i++) {
            if (!(content.get(i) instanceof ObjectNode block) || !"text".equals(block.path("type").asText())) {
                continue;
            }
            AnswerGuard.Verdict v = guard.scan(block.path("text").asText());
            fired.addAll(v.firedBy());
            block.put("text", v.text());
            if (v.denied()) {
                while (content.size() > i + 1) {
                    content.remove(content.size() - 1);
                }
                answer.put("stop_reason", REFUSAL);
                answer.putNull("stop_sequence");
                return;
            }
        }
    }

    @Override
    public List<SseEvent> screen(SseEvent event) throws TranslationException {
        JsonNode data;
        try {
            data = JSON.readTree(event.data());
        } catch (IOException e) {
            throw new TranslationException("an event of Anthropic's stream could not be read");
        }
        String type = data.path("type").asText();
        int index = data.path("index").asInt(-1);
        if (deniedAt != null) {
            return switch (type) {
                case "content_block_stop" -> index == deniedAt ? List.of(event) : List.of(); // closes the stopped block
                case "message_delta" -> List.of(refused((ObjectNode) data, event));
                case "message_stop", "ping", "error" -> List.of(event);
                default -> List.of();
            };
        }
        switch (type) {
            case "content_block_start" -> {
                if ("text".equals(data.at("/content_block/type").asText())) {
                    blocks.put(index, guard.stream());
                }
                return List.of(event);
            }
            case "content_block_delta" -> {
                AnswerGuard.Stream stream = blocks.get(index);
                if (stream == null || !"text_delta".equals(data.at("/delta/type").asText())) {
                    return List.of(event);
                }
                String out = stream.accept(data.at("/delta/text").asText());
                if (stream.deniedBy() != null) {
                    deniedAt = index;
                    return List.of();
                }
                return out.isEmpty() ? List.of() : List.of(textDelta(event, index, out));
            }
            case "content_block_stop" -> {
                AnswerGuard.Stream stream = blocks.remove(index);
                if (stream == null) {
                    return List.of(event);
                }
                String rest = stream.finish();
                fired.addAll(stream.firedBy());
                if (stream.deniedBy() != null) {
                    deniedAt = index;
                    return List.of(event);
                }
                return rest.isEmpty() ? List.of(event) : List.of(textDelta(event, index, rest), event);
            }
            default -> {
                return List.of(event);
            }
        }
    }

    @Override
    public List<String> firedBy() {
        List<String> all = new ArrayList<>(fired);
        blocks.values().forEach(s -> s.firedBy().stream().filter(id -> !all.contains(id)).forEach(all::add));
        return List.copyOf(all);
    }

    private static SseEvent textDelta(SseEvent like, int index, String text) {
        ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
        delta.putObject("delta").put("type", "text_delta").put("text", text);
        return new SseEvent(like.event() == null ? null : "content_block_delta", delta.toString());
    }

    /** The provider's message_delta, its usage kept, its stop reason the refusal's. */
    private static SseEvent refused(ObjectNode data, SseEvent like) {
        ObjectNode delta = data.with("delta");
        delta.put("stop_reason", REFUSAL);
        delta.putNull("stop_sequence");
        return new SseEvent(like.event(), data.toString());
    }
}
