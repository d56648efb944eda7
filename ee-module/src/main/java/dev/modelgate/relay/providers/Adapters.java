package dev.modelgate.relay.providers;

import dev.modelgate.policy.model.ProviderType;
import dev.modelgate.relay.providers.anthropic.AnthropicAdapter;
import dev.modelgate.relay.providers.azure.AzureOpenAiAdapter;
import dev.modelgate.relay.providers.gemini.GeminiAdapter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Which adapter speaks each provider type's wire format: the one place that maps the two. */
@ApplicationScoped
public class Adapters {

    @Inject
    OpenAiAdapter openAi;

    @Inject
    AnthropicAdapter anthropic;

    @Inject
    GeminiAdapter gemini;

    @Inject
    AzureOpenAiAdapter azureOpenAi;

    public ProviderAdapter forType(ProviderType type) {
        return switch (type) {
            case OPENAI, OPENAI_COMPATIBLE, SIMULATED -> openAi;
            case ANTHROPIC -> anthropic;
            case GEMINI -> gemini;
            case AZURE_OPENAI -> azureOpenAi;
        };
    }
}
