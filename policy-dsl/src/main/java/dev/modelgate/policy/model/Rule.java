package dev.modelgate.policy.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.NotBlank;

/**
 * A conditional routing rule. The condition is CEL over the request attributes
 * (team, key, model, endpoint, estimated_input_tokens, max_output_tokens, stream, tools, images, tags, headers).
 */
public record Rule(
        @JsonPropertyDescription("Unique id, shown in explain output and logs.")
        @NotBlank String id,
        @JsonPropertyDescription("CEL condition, e.g. estimated_input_tokens > 100000 && team == \"search\".")
        @NotBlank String when,
        @JsonProperty("route_to")
        @JsonPropertyDescription("Alias that serves the request instead of the one asked for.")
        String routeTo,
        @JsonPropertyDescription("Reject the request with this message (403) instead of routing it.")
        String deny) {
}
