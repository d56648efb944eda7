package dev.modelgate.relay.credentials;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Optional;

/**
 * Credentials from MicroProfile Config: {@code modelgate.credential.openai-prod}, which the environment
 * source also finds as {@code MODELGATE_CREDENTIAL_OPENAI_PROD}.
 */
@ApplicationScoped
public class ConfigCredentials {

    private static final String PREFIX = "modelgate.credential.";

    public Optional<Secret> get(String name) {
        return config().getOptionalValue(PREFIX + name, String.class).filter(v -> !v.isBlank()).map(Secret::new);
    }

    private static Config config() {
        return ConfigProvider.getConfig();
    }
}
