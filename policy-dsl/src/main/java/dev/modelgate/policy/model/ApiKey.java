package dev.modelgate.policy.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

/** An API key by id. The key's secret is issued and hashed by the relay; the policy only knows the id. */
public record ApiKey(
        @JsonPropertyDescription("Key id, unique across all teams.")
        @NotBlank String id,
        @JsonPropertyDescription("Rate limits for this key alone.")
        @Valid Limits limits,
        @JsonPropertyDescription("Spend cap for this key alone.")
        @Valid Budget budget) {
}
