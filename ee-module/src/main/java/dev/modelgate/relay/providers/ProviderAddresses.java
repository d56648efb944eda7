package dev.modelgate.relay.providers;

import dev.modelgate.policy.model.Provider;
import dev.modelgate.relay.providers.anthropic.AnthropicAdapter;
import dev.modelgate.relay.providers.azure.AzureTarget;
import dev.modelgate.relay.providers.gemini.GeminiAdapter;

/** Where a provider's API is when the policy names no base URL: the one place that knows each type's default. */
public final class ProviderAddresses {

    private ProviderAddresses() {
    }

    public static String baseUrl(Provider provider) {
        if (provider.baseUrl() != null) {
            return provider.baseUrl();
        }
        return switch (provider.type()) {
            case OPENAI, OPENAI_COMPATIBLE, SIMULATED -> OpenAiAdapter.DEFAULT_BASE_URL;
            case ANTHROPIC -> AnthropicAdapter.DEFAULT_BASE_URL;
            case GEMINI -> GeminiAdapter.DEFAULT_BASE_URL;
            case AZURE_OPENAI -> throw new IllegalArgumentException("an Azure OpenAI provider needs its base_url");
        };
    }

    public static String azureApiVersion(Provider provider) {
        return AzureTarget.apiVersion(provider);
    }
}
