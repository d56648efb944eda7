package dev.modelgate.policy.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What happens when a guardrail fires. */
public enum GuardAction {
    @JsonProperty("deny") DENY,
    @JsonProperty("redact") REDACT,
    @JsonProperty("log") LOG
}
