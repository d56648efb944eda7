package dev.modelgate.policy.request;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The body as parsed, kept so a redaction can be written back without parsing again. Opaque on purpose:
 * the Jackson tree is mutable, so nothing outside this package may reach it.
 */
public final class RequestBody {

    private final byte[] original;       // null for a tree a host built: there were never bytes
    private final ObjectNode tree;        // JSON endpoints
    private final ObjectMapper mapper;
    private final MultipartForm form;     // audio transcriptions

    private RequestBody(byte[] original, ObjectNode tree, ObjectMapper mapper, MultipartForm form) {
        this.original = original;
        this.tree = tree;
        this.mapper = mapper;
        this.form = form;
    }

    static RequestBody json(byte[] original, ObjectNode tree, ObjectMapper mapper) {
        return new RequestBody(original, tree, mapper, null);
    }

    /** A body a host built as a tree (a translation from another format); written out only when asked. */
    static RequestBody tree(ObjectNode tree, ObjectMapper mapper) {
        return new RequestBody(null, tree, mapper, null);
    }

    static RequestBody multipart(byte[] original, MultipartForm form) {
        return new RequestBody(original, null, null, form);
    }

    byte[] withTexts(Map<String, String> replacements, List<TextPart> texts) {
        for (String pointer : replacements.keySet()) {
            if (!isTextPointer(pointer, texts)) {
                throw new IllegalArgumentException("not a text pointer of this request: " + pointer);
            }
        }
        if (replacements.isEmpty()) {
            return original != null ? original.clone() : write(tree);
        }
        return tree != null ? rewriteJson(replacements) : spliceMultipart(replacements);
    }

    ObjectNode jsonCopy() {
        if (tree == null) {
            throw new IllegalStateException("not a JSON body");
        }
        return tree.deepCopy();
    }

    byte[] multipartWithModel(String model) {
        if (form == null) {
            throw new IllegalStateException("not a multipart body");
        }
        return spliceMultipart(Map.of("/model", model));
    }

    private static boolean isTextPointer(String pointer, List<TextPart> texts) {
        for (TextPart t : texts) {
            if (t.pointer().equals(pointer)) {
                return true;
            }
        }
        return false;
    }

    // Copy first: the parsed tree is shared by every reader of this ParsedRequest.
    private byte[] rewriteJson(Map<String, String> replacements) {
        ObjectNode copy = tree.deepCopy();
        for (Map.Entry<String, String> e : replacements.entrySet()) {
            JsonPointer pointer = JsonPointer.compile(e.getKey());
            JsonNode parent = copy.at(pointer.head());
            String value = e.getValue();
            if (parent instanceof ObjectNode object) {
                object.put(pointer.last().getMatchingProperty(), value);
            } else if (parent instanceof ArrayNode array) {
                array.set(pointer.last().getMatchingIndex(), array.textNode(value));
            } else {
                throw new IllegalStateException("text pointer has no container: " + e.getKey());
            }
        }
        return write(copy);
    }

    private byte[] write(ObjectNode json) {
        try {
            return mapper.writeValueAsBytes(json);
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex); // cannot happen for a tree of plain nodes
        }
    }

    // Multipart values are replaced in place; the binary file part is copied byte for byte.
    private byte[] spliceMultipart(Map<String, String> replacements) {
        List<MultipartForm.Field> targets = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        replacements.entrySet().stream()
                .map(e -> Map.entry(form.field(e.getKey().substring(1)), e.getValue()))
                .sorted(Comparator.comparingInt(e -> e.getKey().start()))
                .forEach(e -> {
                    if (e.getValue().contains("\r\n--")) {
                        // could open a new part and smuggle a field past the policy
                        throw new IllegalArgumentException("replacement text may not contain a multipart delimiter");
                    }
                    targets.add(e.getKey());
                    values.add(e.getValue().getBytes(StandardCharsets.UTF_8));
                });
        ByteArrayOutputStream out = new ByteArrayOutputStream(original.length + 64);
        int pos = 0;
        for (int i = 0; i < targets.size(); i++) {
            out.write(original, pos, targets.get(i).start() - pos);
            out.writeBytes(values.get(i));
            pos = targets.get(i).end();
        }
        out.write(original, pos, original.length - pos);
        return out.toByteArray();
    }
}
