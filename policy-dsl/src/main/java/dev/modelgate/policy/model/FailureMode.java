package dev.modelgate.policy.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Behaviour when a dependency that enforces policy (shared counters) is unreachable. */
public enum FailureMode {
    @JsonProperty("fail_open") FAIL_OPEN,
    @JsonProperty("fail_closed") FAIL_CLOSED
}
