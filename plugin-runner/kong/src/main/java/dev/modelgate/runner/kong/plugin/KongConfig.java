package dev.modelgate.runner.kong.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.edge.EdgeSettings;

import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/**
 * One Kong plugin instance's configuration: Modelgate's route settings, or why they cannot be used. Kong
 * sends the plugin's {@code config} record as JSON with keys of its own added ({@code __seq__},
 * {@code __plugin_id}, {@code route_id}, {@code plugin_instance_name}, ...); those are dropped before the settings are read with the same
 * rules as on APISIX. A bad configuration does not fail the instance start (Kong would then fail every
 * request with a bare 500 and retry forever): the instance answers each request with a clear 500 instead.
 */
public record KongConfig(EdgeSettings settings, String error) {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Keys Kong's plugins iterator adds to every plugin's config (besides the {@code __}-prefixed ones):
     * {@code plugin_instance_name} is the plugin's {@code instance_name}, present (as a string) whenever one is
     * set; {@code ordering} and {@code expression} come with dynamic ordering and expression routes.
     */
    private static final Set<String> KONG_KEYS = Set.of("route_id", "service_id", "consumer_id", "consumer_group_id", "protocols",
            "plugin_instance_name", "ordering", "expression");

    public static KongConfig parse(byte[] json) {
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (IOException e) {
            return new KongConfig(null, "the plugin configuration Kong sent is not JSON");
        }
        if (tree == null || !tree.isObject()) {
            return new KongConfig(null, "the plugin configuration Kong sent is not a JSON object");
        }
        ObjectNode mine = ((ObjectNode) tree).deepCopy();
        for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.startsWith("__") || KONG_KEYS.contains(name)) {
                mine.remove(name);
            }
        }
        try {
            return new KongConfig(EdgeSettings.parse(mine.toString()), null);
        } catch (IllegalArgumentException e) {
            return new KongConfig(null, e.getMessage());
        }
    }
}
