package dev.modelgate.policy.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Immutable copies that keep insertion order: policy order is meaningful (priority, first match). */
final class Maps {
    private Maps() {
    }

    static <K, V> Map<K, V> frozen(Map<K, V> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
