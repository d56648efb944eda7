package dev.modelgate.policy.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;

import java.util.EnumSet;
import java.time.LocalDate;
import java.util.List;
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
        @JsonProperty("price_schedule")
        @JsonPropertyDescription("Earlier or later prices, each with its effective_from date (UTC): usage is priced with the entry in force on its day, so a price change never rewrites history.")
        List<@Valid Price> priceSchedule,
        @JsonProperty("context_window")
        @JsonPropertyDescription("Largest prompt plus completion, in tokens. Requests estimated larger skip this deployment.")
        @Positive Integer contextWindow,
        @JsonProperty("max_output_tokens")
        @JsonPropertyDescription("Largest completion the deployment produces, in tokens.")
        @Positive Integer maxOutputTokens,
        @JsonPropertyDescription("What the deployment supports: tools, vision, json_mode, streaming, embeddings, images, audio.")
        Set<Capability> capabilities,
        @JsonProperty("supported_parameters")
        @JsonPropertyDescription("Request parameters this deployment honours (temperature, top_p, seed, logprobs, tools, ...), for requests that set provider.require_parameters. Default: its provider family's set.")
        Set<String> supportedParameters) {

    public Candidate {
        weight = weight == null ? 1 : weight;
        price = price == null ? Price.FREE : price;
        priceSchedule = priceSchedule == null ? List.of() : List.copyOf(priceSchedule);
        // An EnumSet keeps declaration order, so a rendered or hashed policy is the same in every JVM
        // (Set.copyOf iterates in a per-JVM random order).
        capabilities = capabilities == null || capabilities.isEmpty()
                ? Set.of() : java.util.Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
        // A sorted copy, for the same reason; null keeps "the family's default" apart from "none".
        supportedParameters = supportedParameters == null ? null
                : java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(supportedParameters));
    }

    /**
     * The price in force on {@code day}: of {@code price} and the schedule, the entry with the latest
     * {@code effective_from} not after that day ({@code price} without a date counts as always in force).
     */
    public Price priceAt(LocalDate day) {
        Price best = price.effectiveFrom() == null || !price.effectiveFrom().isAfter(day) ? price : null;
        for (Price p : priceSchedule) {
            if (p.effectiveFrom() != null && !p.effectiveFrom().isAfter(day)
                    && (best == null || best.effectiveFrom() == null || p.effectiveFrom().isAfter(best.effectiveFrom()))) {
                best = p;
            }
        }
        return best != null ? best : Price.FREE;
    }

    /** The price in force at {@code at} (its UTC day). */
    public Price priceAt(java.time.Instant at) {
        return priceAt(LocalDate.ofInstant(at, java.time.ZoneOffset.UTC));
    }

    /** "provider/model", the name used in decisions, logs and usage reports. */
    public String deploymentId() {
        return provider + "/" + model;
    }
}
