package dev.modelgate.policy.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** A provider connection. Holds the name of a credential, never the secret itself. */
public record Provider(
        @JsonPropertyDescription("Wire format: openai, azure-openai, anthropic, gemini, openai-compatible or simulated.")
        @NotNull ProviderType type,
        @JsonProperty("base_url")
        @JsonPropertyDescription("Base URL of the API, e.g. https://api.openai.com/v1. Required for azure-openai and openai-compatible.")
        @Pattern(regexp = "https?://\\S+", message = "must be an http:// or https:// URL")
        String baseUrl,
        @JsonPropertyDescription("Name of the credential in the relay's vault (never the key itself).")
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*", message = "must be a credential name (letters, digits, '.', '_', '-'), not a secret")
        String credential,
        @JsonPropertyDescription("Region where the provider processes data, e.g. us, eu. Used by data policies.")
        String region,
        @JsonPropertyDescription("True when the provider contractually retains no prompt or completion data (zero data retention).")
        Boolean zdr,
        @JsonProperty("data_collection")
        @JsonPropertyDescription("True when the provider may store or train on request data. Teams with no_data_collection skip such providers.")
        Boolean dataCollection,
        @JsonProperty("api_version")
        @JsonPropertyDescription("API version query parameter (azure-openai), e.g. 2024-10-21.")
        String apiVersion,
        @JsonPropertyDescription("Timeouts, retries and circuit breaker for calls to this provider.")
        @Valid Resilience resilience) {

    public Provider {
        zdr = zdr != null && zdr;
        dataCollection = dataCollection != null && dataCollection;
        resilience = resilience == null ? Resilience.DEFAULTS : resilience;
    }
}
