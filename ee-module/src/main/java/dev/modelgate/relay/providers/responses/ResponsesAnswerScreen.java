package dev.modelgate.relay.providers.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.guard.AnswerGuard;
import dev.modelgate.relay.providers.NativeWire;
import dev.modelgate.relay.providers.OpenAiChunks;
import dev.modelgate.relay.providers.TranslationException;
import dev.modelgate.relay.sse.SseEvent;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answer guardrails on OpenAI's own Responses answers, passed through to a {@code /v1/responses} client. Output text
 * is read (function-call arguments and reasoning are not); a redaction edits it wherever the response repeats it (the
 * deltas, the done events, the completed response); a deny ends the response as OpenAI ends one its filter stopped:
 * {@code status: "incomplete"}, {@code incomplete_details.reason: "content_filter"}, nothing of what was found. A
 * stream holds back the last {@link AnswerGuard#WINDOW} characters of each text part until more text or its end
 * shows them safe, and after a deny passes on only the final event, as {@code response.incomplete}.
 */
final class ResponsesAnswerScreen implements NativeWire.AnswerFilter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AnswerGuard guard;
    private final Map<String, AnswerGuard.Stream> parts = new HashMap<>();
    private final Set<String> fired = new LinkedHashSet<>();
    private boolean denied;

    ResponsesAnswerScreen(AnswerGuard guard) {
        this.guard = guard;
    }

    @Override
    public void screenWhole(ObjectNode response) {
        if (!(response.get("output") instanceof ArrayNode output)) {
            return;
        }
        for (int i = 0; i < output.size(); i++) {
            for (JsonNode part : output.get(i).path("content")) {
                if (!(part instanceof ObjectNode p) || !"output_text".equals(p.path("type").asText())) {
                    continue;
                }
                AnswerGuard.Verdict v = guard.scan(p.path("text").asText());
                fired.addAll(v.firedBy());
                p.put("text", v.text());
                if (v.denied()) {
                    stopAt(response, output, i);
                    return;
                }
            }
        }
    }

    private void stopAt(ObjectNode response, ArrayNode output, int item) {
        denied = true;
        while (output.size() > item + 1) {
            output.remove(output.size() - 1);
        }
        response.put("status", "incomplete");
        response.putObject("incomplete_details").put("reason", "content_filter");
    }

    @Override
    public List<SseEvent> screen(SseEvent event) throws TranslationException {
        ObjectNode data = (ObjectNode) OpenAiChunks.object(event.data(), what -> "The Responses stream sent an event whose data is " + what);
        String type = data.path("type").asText();
        if (type.equals("response.completed") || type.equals("response.incomplete")) {
            if (data.get("response") instanceof ObjectNode response) {
                screenWhole(response);
                if (denied) {
                    data.put("type", "response.incomplete");
                    return List.of(new SseEvent(event.event() == null ? null : "response.incomplete", data.toString()));
                }
            }
            return List.of(new SseEvent(event.event(), data.toString()));
        }
        if (denied) {
            return type.equals("error") ? List.of(event) : List.of();
        }
        String key = data.path("item_id").asText() + "#" + data.path("content_index").asInt();
        switch (type) {
            case "response.output_text.delta" -> {
                AnswerGuard.Stream stream = parts.computeIfAbsent(key, k -> guard.stream());
                String out = stream.accept(data.path("delta").asText());
                if (stream.deniedBy() != null) {
                    denied = true;
                    fired.addAll(stream.firedBy());
                    return List.of();
                }
                return out.isEmpty() ? List.of() : List.of(withField(event, data, "delta", out));
            }
            case "response.output_text.done" -> {
                AnswerGuard.Stream stream = parts.remove(key);
                String rest = stream == null ? "" : stream.finish();
                if (stream != null) {
                    fired.addAll(stream.firedBy());
                    if (stream.deniedBy() != null) {
                        denied = true;
                        return List.of();
                    }
                }
                AnswerGuard.Verdict whole = guard.scan(data.path("text").asText()); // the same redaction as the deltas'
                SseEvent done = withField(event, data, "text", whole.text());
                if (rest.isEmpty()) {
                    return List.of(done);
                }
                ObjectNode delta = data.deepCopy();
                delta.put("type", "response.output_text.delta").remove("text");
                delta.put("delta", rest);
                return List.of(new SseEvent(event.event() == null ? null : "response.output_text.delta", delta.toString()), done);
            }
            case "response.content_part.done", "response.output_item.done" -> {
                redactTexts(data);
                return List.of(new SseEvent(event.event(), data.toString()));
            }
            default -> {
                return List.of(event);
            }
        }
    }

    /** The full texts a done event repeats, redacted as the deltas were. */
    private void redactTexts(ObjectNode data) {
        JsonNode holder = data.has("part") ? data.path("part") : data.path("item").path("content");
        for (JsonNode part : holder.isArray() ? holder : List.of(holder)) {
            if (part instanceof ObjectNode p && "output_text".equals(p.path("type").asText())) {
                p.put("text", guard.scan(p.path("text").asText()).text());
            }
        }
    }

    private static SseEvent withField(SseEvent like, ObjectNode data, String field, String value) {
        ObjectNode copy = data.deepCopy();
        copy.put(field, value);
        return new SseEvent(like.event(), copy.toString());
    }

    @Override
    public List<String> firedBy() {
        Set<String> all = new LinkedHashSet<>(fired);
        parts.values().forEach(s -> all.addAll(s.firedBy()));
        return List.copyOf(all);
    }
}
