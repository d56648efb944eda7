package dev.modelgate.relay.providers;

import dev.modelgate.policy.model.Provider;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Optional;

/**
 * Provider keys by the credential name a policy gives: {@code credential: openai-prod} is read from
 * MicroProfile Config {@code modelgate.credential.openai-prod}, i.e. environment variable
 * {@code MODELGATE_CREDENTIAL_OPENAI_PROD}. Values are only ever put into an Authorization header;
 * they are never logged or echoed. (The encrypted vault replaces this source with the adapters issue.)
 */
@ApplicationScoped
public class Credentials {

    /**
     * Whether a provider can be called from here: it names no credential (self-hosted, simulated), or the
     * one it names is configured. Hosted types always name one; the policy loader insists.
     */
    public boolean available(Provider provider) {
        return provider.credential() == null || secret(provider.credential()).isPresent();
    }

    public Optional<String> secret(String credentialName) {
        if (credentialName == null) {
            return Optional.empty();
        }
        // MicroProfile Config's environment source maps this name to MODELGATE_CREDENTIAL_OPENAI_PROD by itself.
        return ConfigProvider.getConfig().getOptionalValue("modelgate.credential." + credentialName, String.class);
    }
}
