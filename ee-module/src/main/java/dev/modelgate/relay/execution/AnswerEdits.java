package dev.modelgate.relay.execution;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The few places the relay changes in a provider's JSON answer (the id, {@code usage} with its cost, the
 * serving {@code provider}), found in one streaming pass over the bytes and spliced in, so the rest of the
 * answer is copied as it came. Building a tree of the whole answer and writing it out again cost a tenth of
 * a relayed request's CPU, and far more for embeddings, whose vectors would each become a node.
 */
final class AnswerEdits {

    private final byte[] answer;
    private final boolean hasExpected;
    private final int itemCount;
    private final Span id;
    private final Span usageSpan;
    private final ObjectNode usage;
    private final Span provider;
    private final int rootEnd;

    private record Span(int start, int end) {
    }

    private record Edit(int start, int end, byte[] replacement) {
    }

    private AnswerEdits(byte[] answer, boolean hasExpected, int itemCount, Span id, Span usageSpan, ObjectNode usage,
                        Span provider, int rootEnd) {
        this.answer = answer;
        this.hasExpected = hasExpected;
        this.itemCount = itemCount;
        this.id = id;
        this.usageSpan = usageSpan;
        this.usage = usage;
        this.provider = provider;
        this.rootEnd = rootEnd;
    }

    /**
     * @param expected the top-level field an answer of this endpoint must have ({@code choices} or {@code data})
     * @throws IOException when the bytes are not one JSON object
     */
    static AnswerEdits read(ObjectMapper json, byte[] answer, String expected) throws IOException {
        boolean hasExpected = false;
        int items = 0;
        Span id = null;
        Span usageSpan = null;
        ObjectNode usage = null;
        Span provider = null;
        try (JsonParser p = json.createParser(answer)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("the answer is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                int start = (int) p.currentTokenLocation().getByteOffset();
                if (name.equals(expected)) {
                    hasExpected = true;
                    if (value == JsonToken.START_ARRAY) {
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            items++;
                            p.skipChildren();
                        }
                    } else {
                        p.skipChildren();
                    }
                } else if (name.equals("usage") && value == JsonToken.START_OBJECT) {
                    usage = p.readValueAsTree();
                    usageSpan = new Span(start, (int) p.currentTokenLocation().getByteOffset() + 1);
                } else if (name.equals("id") || name.equals("provider") || name.equals("usage")) {
                    // Whatever the provider put there (a number, null, an object), the value is replaced where it
                    // stands: a key added beside it would make the answer say "id" twice.
                    Span span = new Span(start, skipValue(p));
                    switch (name) {
                        case "id" -> id = span;
                        case "provider" -> provider = span;
                        default -> usageSpan = span;
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new IOException("the answer is not a JSON object");
            }
            int rootEnd = (int) p.currentTokenLocation().getByteOffset();
            return new AnswerEdits(answer, hasExpected, items, id, usageSpan, usage, provider, rootEnd);
        } catch (IllegalArgumentException e) { // readValueAsTree wraps some read failures
            throw new IOException(e);
        }
    }

    /**
     * Moves past the value the parser is on, a container with all it holds; returns the offset just after it.
     * A string is read to its closing quote first; numbers and literals are whole once the parser is on them.
     */
    private static int skipValue(JsonParser p) throws IOException {
        if (p.currentToken().isStructStart()) {
            p.skipChildren();
            return (int) p.currentTokenLocation().getByteOffset() + 1;
        }
        p.finishToken();
        return (int) p.currentLocation().getByteOffset();
    }

    boolean hasExpected() {
        return hasExpected;
    }

    /** How many elements the expected field's array has (images returned). */
    int itemCount() {
        return itemCount;
    }

    /** The answer's {@code usage}, or a missing node when it has none. */
    JsonNode usage() {
        return usage == null ? MissingNode.getInstance() : usage;
    }

    /**
     * The answer with {@code id} (when not null) and {@code provider} set, and the cost added to {@code usage} when
     * the answer has one; every other byte is the provider's.
     *
     * @param missingUsage written, with the cost, as the answer's {@code usage} when the provider sent none; may be null
     */
    byte[] write(ObjectMapper json, String newId, String providerId, BigDecimal costUsd, ObjectNode missingUsage)
            throws IOException {
        List<Edit> edits = new ArrayList<>(4);
        String start = "";
        if (newId != null) {
            if (id != null) {
                edits.add(new Edit(id.start(), id.end(), quoted(json, newId)));
            } else {
                start = "\"id\":" + json.writeValueAsString(newId) + ",";
            }
        }
        if (usage != null) {
            ObjectNode priced = usage.deepCopy();
            priced.put("cost", costUsd);
            edits.add(new Edit(usageSpan.start(), usageSpan.end(), json.writeValueAsBytes(priced)));
        } else if (missingUsage != null) {
            ObjectNode priced = missingUsage.deepCopy();
            priced.put("cost", costUsd);
            if (usageSpan != null) { // "usage": null, or something else that is no usage
                edits.add(new Edit(usageSpan.start(), usageSpan.end(), json.writeValueAsBytes(priced)));
            } else {
                edits.add(new Edit(rootEnd, rootEnd, (",\"usage\":" + json.writeValueAsString(priced)).getBytes(StandardCharsets.UTF_8)));
            }
        }
        if (provider != null) {
            edits.add(new Edit(provider.start(), provider.end(), quoted(json, providerId)));
        } else {
            edits.add(new Edit(rootEnd, rootEnd, (",\"provider\":" + json.writeValueAsString(providerId))
                    .getBytes(StandardCharsets.UTF_8)));
        }
        edits.sort(Comparator.comparingInt(Edit::start));
        ByteArrayOutputStream out = new ByteArrayOutputStream(answer.length + 96);
        int open = indexOfOpeningBrace();
        out.write(answer, 0, open + 1);
        out.write(start.getBytes(StandardCharsets.UTF_8));
        int at = open + 1;
        for (Edit edit : edits) {
            out.write(answer, at, edit.start() - at);
            out.write(edit.replacement());
            at = edit.end();
        }
        out.write(answer, at, answer.length - at);
        return out.toByteArray();
    }

    private int indexOfOpeningBrace() {
        for (int i = 0; i < answer.length; i++) {
            if (answer[i] == '{') {
                return i;
            }
        }
        throw new IllegalStateException("read() accepted an answer without an object");
    }

    private static byte[] quoted(ObjectMapper json, String value) throws IOException {
        return json.writeValueAsBytes(value);
    }
}
