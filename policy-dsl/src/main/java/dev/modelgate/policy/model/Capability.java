package dev.modelgate.policy.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a deployment can do; requests needing one are only routed to deployments that have it. */
public enum Capability {
    @JsonProperty("tools") TOOLS,
    @JsonProperty("vision") VISION,
    @JsonProperty("json_mode") JSON_MODE,
    @JsonProperty("streaming") STREAMING,
    @JsonProperty("embeddings") EMBEDDINGS,
    @JsonProperty("images") IMAGES,
    @JsonProperty("audio") AUDIO
}
