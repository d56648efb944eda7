package dev.modelgate.policy.request;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed access to JSON fields with OpenAI-style errors. Explicit JSON {@code null} counts as absent for
 * optional fields, as OpenAI's API treats it.
 */
final class Fields {

    private Fields() {
    }

    static boolean absent(JsonNode node) {
        return node == null || node.isNull();
    }

    static String requiredString(JsonNode object, String field, String param) throws RequestException {
        JsonNode node = object.get(field);
        if (absent(node)) {
            throw RequestException.missing(param);
        }
        if (!node.isTextual()) {
            throw RequestException.invalidType(param, "a string");
        }
        return node.textValue();
    }

    static String optionalString(JsonNode object, String field, String param) throws RequestException {
        JsonNode node = object.get(field);
        if (absent(node)) {
            return null;
        }
        if (!node.isTextual()) {
            throw RequestException.invalidType(param, "a string");
        }
        return node.textValue();
    }

    /** An image's {@code detail}: low, high or auto (the default when absent). */
    static String imageDetail(JsonNode part, String param) throws RequestException {
        String detail = optionalString(part, "detail", param);
        if (detail == null) {
            return "auto";
        }
        if (!detail.equals("low") && !detail.equals("high") && !detail.equals("auto")) {
            throw RequestException.invalidValue(param, "'" + param + "' must be low, high or auto, not '" + detail + "'.");
        }
        return detail;
    }

    static boolean optionalBoolean(JsonNode object, String field, String param, boolean fallback)
            throws RequestException {
        JsonNode node = object.get(field);
        if (absent(node)) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw RequestException.invalidType(param, "a boolean (true or false)");
        }
        return node.booleanValue();
    }

    /** A non-negative int; 0 when absent. */
    static int optionalCount(JsonNode object, String field, String param) throws RequestException {
        JsonNode node = object.get(field);
        if (absent(node)) {
            return 0;
        }
        if (!node.isIntegralNumber()) {
            throw RequestException.invalidType(param, "an integer");
        }
        if (!node.canConvertToInt() || node.intValue() < 0) {
            throw RequestException.invalidValue(param, "'" + param + "' must be between 0 and " + Integer.MAX_VALUE + ".");
        }
        return node.intValue();
    }

    /** An optional array of strings; an empty immutable list when absent. */
    static List<String> stringList(JsonNode object, String field, String param, int maxItems)
            throws RequestException {
        JsonNode node = object.get(field);
        if (absent(node)) {
            return List.of();
        }
        if (!node.isArray()) {
            throw RequestException.invalidType(param, "an array of strings");
        }
        if (node.size() > maxItems) {
            throw tooManyItems(param, maxItems);
        }
        List<String> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual()) {
                throw RequestException.invalidType(param + "[" + i + "]", "a string");
            }
            out.add(item.textValue());
        }
        return List.copyOf(out);
    }

    static RequestException tooManyItems(String param, int maxItems) {
        return RequestException.badRequest("too_many_items", param,
                "'" + param + "' has more than " + maxItems + " items. Split the request.");
    }
}
