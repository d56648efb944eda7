package dev.modelgate.relay.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.guard.AnswerGuard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The policy's answer guardrails (applies_to: output or both) on one OpenAI-shaped answer, whole or streamed. A
 * redaction replaces the value in the text the client gets; a deny ends that choice the way OpenAI's own content
 * filter does, with {@code finish_reason: "content_filter"} and nothing of what was found. The provider's call
 * stays billed: it was made. Tool-call arguments are not read.
 */
final class AnswerScreen {

    static final String CONTENT_FILTER = "content_filter";
    /** Names the guardrails that fired on a whole answer. */
    static final String GUARDRAILS_HEADER = "x-modelgate-guardrails";

    private final AnswerGuard guard;
    private final Map<Integer, AnswerGuard.Stream> streams = new HashMap<>();
    private final Set<Integer> ended = new HashSet<>();
    private final Set<String> fired = new LinkedHashSet<>();

    AnswerScreen(AnswerGuard guard) {
        this.guard = guard;
    }

    /** The guardrails that fired so far (for the {@code x-modelgate-guardrails} header and the logs). */
    List<String> firedBy() {
        streams.values().forEach(s -> fired.addAll(s.firedBy()));
        return List.copyOf(fired);
    }

    /** A whole answer (chat {@code message.content} or a completion's {@code text}), edited in place. */
    void screenWhole(JsonNode answer) {
        for (JsonNode choice : answer.path("choices")) {
            if (!(choice instanceof ObjectNode c)) {
                continue;
            }
            JsonNode message = c.path("message");
            boolean chat = message instanceof ObjectNode;
            JsonNode text = chat ? message.path("content") : c.path("text");
            if (!text.isTextual()) {
                continue;
            }
            AnswerGuard.Verdict v = guard.scan(text.asText());
            fired.addAll(v.firedBy());
            if (chat) {
                ((ObjectNode) message).put("content", v.text());
            } else {
                c.put("text", v.text());
            }
            if (v.denied()) {
                c.put("finish_reason", CONTENT_FILTER);
            }
        }
    }

    /**
     * One chunk of a stream, edited in place: each choice's text goes out as far as it is safe, the rest is held;
     * a choice's end carries what was held. @return false when nothing is left to send in this chunk
     */
    boolean screenChunk(ObjectNode chunk) {
        if (!(chunk.get("choices") instanceof ArrayNode choices)) {
            return true;
        }
        for (Iterator<JsonNode> it = choices.iterator(); it.hasNext(); ) {
            if (!(it.next() instanceof ObjectNode choice)) {
                continue;
            }
            int index = choice.path("index").asInt(0);
            if (ended.contains(index)) {
                it.remove(); // stopped by a guardrail: the provider's further text for it is not passed on
                continue;
            }
            AnswerGuard.Stream stream = streams.computeIfAbsent(index, i -> guard.stream());
            ObjectNode delta = choice.get("delta") instanceof ObjectNode d ? d : choice.putObject("delta");
            boolean text = delta.path("content").isTextual() || delta.path("text").isTextual();
            String field = delta.path("content").isTextual() ? "content" : "text";
            String out = text ? stream.accept(delta.path(field).asText()) : "";
            boolean finishing = choice.hasNonNull("finish_reason");
            if (finishing && stream.deniedBy() == null) {
                out = out + stream.finish();
            }
            if (stream.deniedBy() != null) {
                delta.remove("content");
                delta.remove("text");
                choice.put("finish_reason", CONTENT_FILTER);
                ended.add(index);
            } else if (text || (finishing && !out.isEmpty())) {
                delta.put(text ? field : "content", out);
                if (finishing) {
                    ended.add(index);
                }
            } else if (finishing) {
                ended.add(index);
            }
        }
        return !choices.isEmpty() || chunk.hasNonNull("usage");
    }

    /**
     * Chunks that end the choices whose provider sent no {@code finish_reason}: what they held back, before the
     * stream's end. @param last the stream's last chunk, for its id, model and creation time
     */
    List<ObjectNode> closing(ObjectNode last) {
        List<ObjectNode> out = new ArrayList<>(0);
        for (Map.Entry<Integer, AnswerGuard.Stream> e : streams.entrySet()) {
            if (ended.contains(e.getKey())) {
                continue;
            }
            String rest = e.getValue().finish();
            ObjectNode chunk = last.deepCopy();
            chunk.remove("usage");
            ObjectNode choice = chunk.putArray("choices").addObject().put("index", e.getKey());
            if (e.getValue().deniedBy() != null) {
                choice.putObject("delta");
                choice.put("finish_reason", CONTENT_FILTER);
            } else if (!rest.isEmpty()) {
                choice.putObject("delta").put("content", rest);
                choice.putNull("finish_reason");
            } else {
                continue;
            }
            ended.add(e.getKey());
            out.add(chunk);
        }
        return out;
    }
}
