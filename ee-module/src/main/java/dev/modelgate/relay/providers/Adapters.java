package dev.modelgate.relay.providers;

import dev.modelgate.policy.model.ProviderType;
import dev.modelgate.relay.providers.anthropic.AnthropicAdapter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;

/** Which adapter speaks each provider type's wire format: the one place that maps the two. */
@ApplicationScoped
public class Adapters {

    @Inject
    OpenAiAdapter openAi;

    @Inject
    AnthropicAdapter anthropic;

    public Optional<ProviderAdapter> forType(ProviderType type) {
        return Optional.ofNullable(switch (type) {
            case OPENAI, OPENAI_COMPATIBLE, SIMULATED -> openAi;
            case ANTHROPIC -> anthropic;
            default -> null;
        });
    }
}
