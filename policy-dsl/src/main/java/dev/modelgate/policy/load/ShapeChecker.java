package dev.modelgate.policy.load;

import dev.modelgate.policy.validate.JsonPointers;
import dev.modelgate.policy.spelling.Suggestions;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks the merged tree against the policy records before binding: unknown keys (with a "did you
 * mean"), wrong types and unknown enum values, all reported at once with their places.
 *
 * <p>Jackson's binder stops at the first problem; walking the record types here reports every one
 * and names keys exactly as the YAML spells them. The record classes stay the single source of the
 * grammar: this class, the binder and the JSON Schema generator all read them.
 */
final class ShapeChecker {

    private final SourceMap sources;
    private final List<PolicyProblem> problems;
    private final Map<Class<?>, Map<String, Type>> propertiesByRecord = new ConcurrentHashMap<>();
    private final Set<String> rejected = new HashSet<>();

    ShapeChecker(SourceMap sources, List<PolicyProblem> problems) {
        this.sources = sources;
        this.problems = problems;
    }

    /**
     * Pointers of the nodes found wrong and taken out of the tree: binding and the later checks run on
     * what is left, so one pass reports every kind of problem; findings under these pointers are follow-ons.
     */
    Set<String> rejected() {
        return rejected;
    }

    /** Checks node against type; returns false when the node itself is wrong and must be taken out. */
    boolean check(JsonNode node, Type type, String pointer) {
        if (node == null || node.isNull()) {
            return true; // absent values are the validator's business (@NotNull), not a shape error
        }
        Class<?> raw = rawClass(type);
        if (raw.isRecord()) {
            return checkRecord(node, raw, pointer);
        } else if (Map.class.isAssignableFrom(raw)) {
            if (!expect(node.isObject(), node, pointer, "a mapping of id: value")) {
                return false;
            }
            Type valueType = typeArgument(type, 1);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String child = pointer + "/" + JsonPointers.segment(e.getKey());
                if (!check(e.getValue(), valueType, child)) {
                    rejected.add(child);
                    it.remove();
                }
            }
            return true;
        } else if (Collection.class.isAssignableFrom(raw)) {
            if (!expect(node.isArray(), node, pointer, "a list")) {
                return false;
            }
            Type itemType = typeArgument(type, 0);
            for (int i = 0; i < node.size(); i++) {
                if (!check(node.get(i), itemType, pointer + "/" + i)) {
                    // keep indexes stable for the later checks: a bad item becomes null, not a shifted list
                    rejected.add(pointer + "/" + i);
                    ((ArrayNode) node).set(i, NullNode.getInstance());
                }
            }
            return true;
        } else if (raw.isEnum()) {
            return checkEnum(node, raw, pointer);
        } else if (raw == String.class) {
            return expect(node.isTextual() || node.isNumber() || node.isBoolean(), node, pointer, "a string");
        } else if (raw == Boolean.class || raw == boolean.class) {
            return expect(node.isBoolean() || (node.isTextual() && node.asText().matches("true|false")), node, pointer, "true or false");
        } else if (raw == Integer.class || raw == Long.class) {
            return checkInteger(node, raw == Integer.class ? Integer.MAX_VALUE : Long.MAX_VALUE, pointer);
        } else if (raw == BigDecimal.class) {
            return expect(node.isNumber() || (node.isTextual() && isDecimal(node.asText())), node, pointer, "a number");
        } else if (raw == LocalDate.class) {
            return checkDate(node, pointer);
        }
        return true;
    }

    private boolean checkRecord(JsonNode node, Class<?> record, String pointer) {
        if (!expect(node.isObject(), node, pointer, "a mapping with keys " + String.join(", ", properties(record).keySet()))) {
            return false;
        }
        Map<String, Type> known = properties(record);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String child = pointer + "/" + JsonPointers.segment(e.getKey());
            Type type = known.get(e.getKey());
            if (type == null) {
                problems.add(new PolicyProblem(sources.keyAt(child), "unknown key '" + e.getKey() + "' in "
                        + describePlace(pointer) + "." + Suggestions.hint(e.getKey(), known.keySet())));
                it.remove();
            } else if (!check(e.getValue(), type, child)) {
                rejected.add(child);
                it.remove();
            }
        }
        return true;
    }

    private boolean checkEnum(JsonNode node, Class<?> enumType, String pointer) {
        List<String> allowed = enumNames(enumType);
        if (!expect(node.isTextual(), node, pointer, "one of " + String.join(", ", allowed))) {
            return false;
        }
        if (!allowed.contains(node.asText())) {
            problems.add(new PolicyProblem(sources.valueAt(pointer), "'" + node.asText() + "' is not a valid value for "
                    + describePlace(pointer) + "." + Suggestions.hint(node.asText(), allowed)));
            return false;
        }
        return true;
    }

    private boolean checkInteger(JsonNode node, long max, String pointer) {
        String text = node.isTextual() ? node.asText().trim() : null;
        boolean integral = node.isIntegralNumber() || (text != null && text.matches("-?\\d{1,30}"));
        if (!expect(integral, node, pointer, "a whole number")) {
            return false;
        }
        BigDecimal value = text != null ? new BigDecimal(text) : node.decimalValue();
        if (value.compareTo(BigDecimal.valueOf(max)) > 0 || value.compareTo(BigDecimal.valueOf(-max)) < 0) {
            problems.add(new PolicyProblem(sources.valueAt(pointer), value + " is too large for " + describePlace(pointer)
                    + "; the largest allowed is " + max));
            return false;
        }
        return true;
    }

    private boolean checkDate(JsonNode node, String pointer) {
        if (!expect(node.isTextual(), node, pointer, "a date YYYY-MM-DD")) {
            return false;
        }
        try {
            LocalDate.parse(node.asText());
            return true;
        } catch (DateTimeParseException e) {
            problems.add(new PolicyProblem(sources.valueAt(pointer), "'" + node.asText() + "' is not a date; write YYYY-MM-DD, e.g. 2026-01-31"));
            return false;
        }
    }

    private boolean expect(boolean ok, JsonNode node, String pointer, String what) {
        if (!ok) {
            problems.add(new PolicyProblem(sources.valueAt(pointer), "expected " + what + " for " + describePlace(pointer)
                    + ", got " + describe(node)));
        }
        return ok;
    }

    private static String describePlace(String pointer) {
        return pointer.isEmpty() ? "the policy" : "'" + pointer.substring(1).replace('/', '.') + "'";
    }

    private static String describe(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        String text = node.asText();
        if (text.length() > 40) {
            text = text.substring(0, 40) + "...";
        }
        return (node.isTextual() ? "the string \"" : node.isNumber() ? "the number " : "") + text + (node.isTextual() ? "\"" : "");
    }

    private static boolean isDecimal(String text) {
        try {
            new BigDecimal(text.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** JSON property names of a record, as Jackson binds them, with their Java types. */
    Map<String, Type> properties(Class<?> record) {
        return propertiesByRecord.computeIfAbsent(record, ShapeChecker::readProperties);
    }

    static Map<String, Type> readProperties(Class<?> record) {
        Map<String, Type> result = new LinkedHashMap<>();
        for (RecordComponent component : record.getRecordComponents()) {
            result.put(jsonName(record, component), component.getGenericType());
        }
        return result;
    }

    static String jsonName(Class<?> record, RecordComponent component) {
        try {
            Field field = record.getDeclaredField(component.getName());
            JsonProperty property = field.getAnnotation(JsonProperty.class);
            return property != null && !property.value().isEmpty() ? property.value() : component.getName();
        } catch (NoSuchFieldException e) {
            return component.getName();
        }
    }

    static List<String> enumNames(Class<?> enumType) {
        List<String> names = new ArrayList<>();
        for (Object constant : enumType.getEnumConstants()) {
            String name = ((Enum<?>) constant).name();
            try {
                JsonProperty property = enumType.getField(name).getAnnotation(JsonProperty.class);
                names.add(property != null ? property.value() : name);
            } catch (NoSuchFieldException e) {
                names.add(name);
            }
        }
        return names;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    private static Type typeArgument(Type type, int index) {
        return type instanceof ParameterizedType p ? p.getActualTypeArguments()[index] : Object.class;
    }
}
