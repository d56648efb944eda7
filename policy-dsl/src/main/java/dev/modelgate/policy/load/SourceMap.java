package dev.modelgate.policy.load;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each node of the merged policy tree came from, by JSON Pointer ("/providers/openai/base_url").
 * Every check reports by pointer; this is the one place that turns a pointer into file:line:column.
 */
public final class SourceMap {

    private final Map<String, SourceLocation> values = new HashMap<>();
    private final Map<String, SourceLocation> keys = new HashMap<>();
    private final String fallbackFile;

    public SourceMap(String fallbackFile) {
        this.fallbackFile = fallbackFile;
    }

    void putValue(String pointer, SourceLocation location) {
        values.putIfAbsent(pointer, location);
    }

    void putKey(String pointer, SourceLocation location) {
        keys.putIfAbsent(pointer, location);
    }

    void putAll(SourceMap other, String fromPrefix, String toPrefix) {
        other.values.forEach((p, l) -> {
            if (p.equals(fromPrefix) || p.startsWith(fromPrefix + "/")) {
                values.putIfAbsent(toPrefix + p.substring(fromPrefix.length()), l);
            }
        });
        other.keys.forEach((p, l) -> {
            if (p.equals(fromPrefix) || p.startsWith(fromPrefix + "/")) {
                keys.putIfAbsent(toPrefix + p.substring(fromPrefix.length()), l);
            }
        });
    }

    /** Location of the value at pointer; for a missing node, the nearest ancestor that exists. */
    public SourceLocation valueAt(String pointer) {
        String p = pointer;
        while (true) {
            SourceLocation l = values.get(p);
            if (l != null) {
                return l;
            }
            if (p.isEmpty()) {
                return SourceLocation.startOf(fallbackFile);
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }

    /** Location of the key that names pointer's node (where an editor should put the cursor for "unknown key"). */
    public SourceLocation keyAt(String pointer) {
        SourceLocation l = keys.get(pointer);
        return l != null ? l : valueAt(pointer);
    }
}
