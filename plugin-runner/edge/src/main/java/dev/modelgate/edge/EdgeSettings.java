package dev.modelgate.edge;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * What a gateway route configures for Modelgate (APISIX: {@code ext-plugin-*-req.conf[].value}; Kong: the
 * plugin's config), as JSON:
 * <pre>{"policy_files": ["/etc/modelgate/policies"], "consumer_header": null, "hmac_key_id": "k1", "decision_ttl_seconds": 30}</pre>
 *
 * @param policyFiles        policy files or directories, composed as {@code modelgate validate} does
 * @param consumerHeader     header that names the caller, for gateways where an earlier proxy sets it;
 *                           null means the gateway's own authenticated consumer (safer: a client cannot send it)
 * @param hmacKeyId          which of the runner's HMAC keys signs the decision; null for the first one
 * @param decisionTtlSeconds how long the relay may act on a decision
 */
public record EdgeSettings(
        @JsonProperty("policy_files") List<String> policyFiles,
        @JsonProperty("consumer_header") String consumerHeader,
        @JsonProperty("hmac_key_id") String hmacKeyId,
        @JsonProperty("decision_ttl_seconds") Integer decisionTtlSeconds) {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private static final List<String> FIELDS = List.of("policy_files", "consumer_header", "hmac_key_id", "decision_ttl_seconds");

    public EdgeSettings {
        if (policyFiles == null || policyFiles.isEmpty() || policyFiles.stream().anyMatch(f -> f == null || f.isBlank())) {
            throw new IllegalArgumentException("'policy_files' must list at least one policy file or directory");
        }
        policyFiles = List.copyOf(policyFiles);
        consumerHeader = consumerHeader == null || consumerHeader.isBlank() ? null : consumerHeader.toLowerCase(java.util.Locale.ROOT);
        decisionTtlSeconds = decisionTtlSeconds == null ? 30 : decisionTtlSeconds;
        if (decisionTtlSeconds < 1 || decisionTtlSeconds > 300) {
            throw new IllegalArgumentException("'decision_ttl_seconds' must be between 1 and 300");
        }
    }

    public List<Path> policyPaths() {
        return policyFiles.stream().map(Path::of).toList();
    }

    /** Reads a route's configuration; the message of the exception says what to fix, never echoes values. */
    public static EdgeSettings parse(String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("empty Modelgate configuration: set at least 'policy_files'");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Modelgate configuration is not valid JSON at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
        if (!tree.isObject()) {
            throw new IllegalArgumentException("Modelgate configuration must be a JSON object");
        }
        for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown Modelgate configuration field '" + name + "' (known: "
                        + String.join(", ", FIELDS) + ")");
            }
        }
        try {
            return JSON.treeToValue(tree, EdgeSettings.class);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof IllegalArgumentException invalid) {
                throw invalid;
            }
            throw new IllegalArgumentException("Modelgate configuration has a value of the wrong type ("
                    + e.getOriginalMessage().split("\\n")[0] + ")");
        }
    }
}
