package dev.modelgate.policy.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Wire format a provider speaks; decides which relay adapter serves it. */
public enum ProviderType {
    @JsonProperty("openai") OPENAI(false),
    @JsonProperty("azure-openai") AZURE_OPENAI(true),
    @JsonProperty("anthropic") ANTHROPIC(false),
    @JsonProperty("gemini") GEMINI(false),
    @JsonProperty("openai-compatible") OPENAI_COMPATIBLE(true),
    @JsonProperty("simulated") SIMULATED(false);

    private final boolean requiresBaseUrl;

    ProviderType(boolean requiresBaseUrl) {
        this.requiresBaseUrl = requiresBaseUrl;
    }

    /** Azure and self-hosted endpoints have no public default address, so the policy must give one. */
    public boolean requiresBaseUrl() {
        return requiresBaseUrl;
    }

    /** Hosted providers always need a key; self-hosted and simulated ones may run without. */
    public boolean requiresCredential() {
        return this == OPENAI || this == AZURE_OPENAI || this == ANTHROPIC || this == GEMINI;
    }
}
