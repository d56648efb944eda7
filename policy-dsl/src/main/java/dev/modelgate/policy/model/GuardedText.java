package dev.modelgate.policy.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which text a guardrail reads: the request the client sends, the answer the model gives, or both. */
public enum GuardedText {
    @JsonProperty("input") INPUT,
    @JsonProperty("output") OUTPUT,
    @JsonProperty("both") BOTH;

    public boolean input() {
        return this != OUTPUT;
    }

    public boolean output() {
        return this != INPUT;
    }
}
