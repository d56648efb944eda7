package dev.modelgate.policy.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.List;

/** Where a team's prompts may be sent. Empty lists mean no restriction. */
public record DataPolicy(
        @JsonProperty("zdr_only")
        @JsonPropertyDescription("Only providers with zero data retention.")
        Boolean zdrOnly,
        @JsonProperty("no_data_collection")
        @JsonPropertyDescription("Skip providers that may store or train on request data.")
        Boolean noDataCollection,
        @JsonPropertyDescription("Allowed provider regions, e.g. [eu].")
        List<String> regions,
        @JsonProperty("allowed_providers")
        @JsonPropertyDescription("Only these provider ids.")
        List<String> allowedProviders,
        @JsonProperty("blocked_providers")
        @JsonPropertyDescription("Never these provider ids.")
        List<String> blockedProviders) {

    public static final DataPolicy NONE = new DataPolicy(null, null, null, null, null);

    public DataPolicy {
        zdrOnly = zdrOnly != null && zdrOnly;
        noDataCollection = noDataCollection != null && noDataCollection;
        regions = regions == null ? List.of() : List.copyOf(regions);
        allowedProviders = allowedProviders == null ? List.of() : List.copyOf(allowedProviders);
        blockedProviders = blockedProviders == null ? List.of() : List.copyOf(blockedProviders);
    }
}
