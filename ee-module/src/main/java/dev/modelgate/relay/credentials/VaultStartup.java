package dev.modelgate.relay.credentials;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

/**
 * Opens the vault at start, after the schema migration (settlement's start-up observer, at the default
 * priority, runs Flyway), so the credential table exists, and starts its background refresh. A vault that
 * cannot be opened fails the start.
 */
@ApplicationScoped
public class VaultStartup {

    @Inject
    Vault vault;

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) @Initialized(ApplicationScoped.class) Object started) {
        vault.start();
    }
}
