package dev.modelgate.policy.load;

import dev.modelgate.policy.validate.JsonPointers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges several policy files into one tree, so ops teams can keep {@code providers.yaml},
 * {@code models.yaml} and one file per team. Sections keyed by id merge by id (an id defined twice is an
 * error naming both places); list sections (rules, guardrails) are concatenated in file order, so rule
 * order stays the order in which files were given.
 */
final class PolicyComposer {

    private static final Set<String> KEYED = Set.of("providers", "models", "teams", "settings");
    private static final Set<String> LISTS = Set.of("rules", "guardrails");

    private final ObjectNode merged = JsonNodeFactory.instance.objectNode();
    private final SourceMap sources;
    private final List<PolicyProblem> problems;

    PolicyComposer(SourceMap sources, List<PolicyProblem> problems) {
        this.sources = sources;
        this.problems = problems;
    }

    void add(ObjectNode file, SourceMap fileSources) {
        for (Iterator<Map.Entry<String, JsonNode>> it = file.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> section = it.next();
            String name = section.getKey();
            String pointer = "/" + JsonPointers.segment(name);
            JsonNode value = section.getValue();
            JsonNode existing = merged.get(name);
            if (existing == null) {
                merged.set(name, value.deepCopy());
                sources.putAll(fileSources, pointer, pointer);
            } else if (KEYED.contains(name) && existing instanceof ObjectNode into && value instanceof ObjectNode from) {
                mergeById(name, into, from, fileSources);
            } else if (LISTS.contains(name) && existing instanceof ArrayNode into && value instanceof ArrayNode from) {
                int offset = into.size();
                for (int i = 0; i < from.size(); i++) {
                    into.add(from.get(i).deepCopy());
                    sources.putAll(fileSources, pointer + "/" + i, pointer + "/" + (offset + i));
                }
            } else if (!existing.equals(value)) {
                problems.add(new PolicyProblem(fileSources.keyAt(pointer), "'" + name + "' is already set to a different value at "
                        + sources.keyAt(pointer) + "; define it in one file only"));
            }
        }
    }

    private void mergeById(String section, ObjectNode into, ObjectNode from, SourceMap fileSources) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String pointer = "/" + section + "/" + JsonPointers.segment(entry.getKey());
            if (into.has(entry.getKey())) {
                problems.add(new PolicyProblem(fileSources.keyAt(pointer), singular(section) + " '" + entry.getKey()
                        + "' is already defined at " + sources.keyAt(pointer) + "; ids must be unique across files"));
                continue;
            }
            into.set(entry.getKey(), entry.getValue().deepCopy());
            sources.putAll(fileSources, pointer, pointer);
        }
    }

    private static String singular(String section) {
        return switch (section) {
            case "providers" -> "provider";
            case "models" -> "model alias";
            case "teams" -> "team";
            default -> "setting";
        };
    }

    ObjectNode result() {
        return merged;
    }
}
