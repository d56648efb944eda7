package dev.modelgate.policy.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The policy's redactions, made to the OpenAI translation it decided on, carried over to the client's Anthropic
 * body: every text the redaction changed is replaced where the same text stands in the Anthropic body. The result
 * is accepted only when translating it again gives exactly the redacted translation, so a text that was joined
 * with others on the way (several system blocks become one system message) can never slip through unredacted:
 * then nothing is passed through and Anthropic deployments are sent the redacted translation instead.
 */
public final class MessagesRedactions {

    private MessagesRedactions() {
    }

    public static Optional<ObjectNode> apply(ObjectNode anthropic, ObjectNode openAi, ObjectNode redactedOpenAi, MessagesRequests requests) {
        Map<String, String> changed = new HashMap<>();
        changes(openAi, redactedOpenAi, changed);
        ObjectNode out = anthropic.deepCopy();
        if (!changed.isEmpty()) {
            replace(out, changed);
        }
        try {
            ObjectNode again = requests.toOpenAi(out).body();
            return again.equals(redactedOpenAi) ? Optional.of(out) : Optional.empty();
        } catch (RequestException e) {
            return Optional.empty();
        }
    }

    /** Texts that differ between the two trees, which have one shape (a redaction only rewrites strings). */
    private static void changes(JsonNode before, JsonNode after, Map<String, String> changed) {
        if (before == null || after == null) {
            return;
        }
        if (before.isTextual() && after.isTextual()) {
            if (!before.textValue().equals(after.textValue())) {
                changed.put(before.textValue(), after.textValue());
            }
        } else if (before.isObject()) {
            before.fieldNames().forEachRemaining(name -> changes(before.get(name), after.get(name), changed));
        } else if (before.isArray()) {
            for (int i = 0; i < before.size(); i++) {
                changes(before.get(i), after.get(i), changed);
            }
        }
    }

    private static void replace(JsonNode node, Map<String, String> changed) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String to = field.getValue().isTextual() ? changed.get(field.getValue().textValue()) : null;
                if (to != null) {
                    field.setValue(TextNode.valueOf(to));
                } else {
                    replace(field.getValue(), changed);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String to = array.get(i).isTextual() ? changed.get(array.get(i).textValue()) : null;
                if (to != null) {
                    array.set(i, TextNode.valueOf(to));
                } else {
                    replace(array.get(i), changed);
                }
            }
        }
    }
}
