package dev.modelgate.policy.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.Positive;

/** Rate limits over a sliding one-minute window, and a cap on requests in flight. Absent means unlimited. */
public record Limits(
        @JsonPropertyDescription("Requests per minute.")
        @Positive Long rpm,
        @JsonPropertyDescription("Tokens per minute (estimated input plus requested output).")
        @Positive Long tpm,
        @JsonProperty("max_concurrent")
        @JsonPropertyDescription("Requests in flight at once.")
        @Positive Integer maxConcurrent) {
}
