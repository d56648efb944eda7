package dev.modelgate.policy.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;

import java.util.EnumSet;
import java.util.Set;

/** One deployment that can serve an alias: a provider and the model name that provider knows. */
public record Candidate(
        @JsonPropertyDescription("Id of a provider declared under 'providers'.")
        @NotBlank String provider,
        @JsonPropertyDescription("Model name the provider expects, e.g. gpt-4o-mini.")
        @NotBlank String model,
        @JsonPropertyDescription("Relative share of traffic for the weighted strategy. Default 1.")
        @Positive Integer weight,
        @JsonPropertyDescription("Prices of this deployment.")
        @Valid Price price,
        @JsonProperty("context_window")
        @JsonPropertyDescription("Largest prompt plus completion, in tokens. Requests estimated larger skip this deployment.")
        @Positive Integer contextWindow,
        @JsonProperty("max_output_tokens")
        @JsonPropertyDescription("Largest completion the deployment produces, in tokens.")
        @Positive Integer maxOutputTokens,
        @JsonPropertyDescription("What the deployment supports: tools, vision, json_mode, streaming, embeddings, images, audio.")
        Set<Capability> capabilities) {

    public Candidate {
        weight = weight == null ? 1 : weight;
        price = price == null ? Price.FREE : price;
        // An EnumSet keeps declaration order, so a rendered or hashed policy is the same in every JVM
        // (Set.copyOf iterates in a per-JVM random order).
        capabilities = capabilities == null || capabilities.isEmpty()
                ? Set.of() : java.util.Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
    }

    /** "provider/model", the name used in decisions, logs and usage reports. */
    public String deploymentId() {
        return provider + "/" + model;
    }
}
