package dev.modelgate.relay.credentials;

import dev.modelgate.policy.model.Provider;
import dev.modelgate.relay.policy.PolicyService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Provider keys by the credential name a policy gives ({@code credential: openai-prod}), looked up in the
 * vault, then in {@code MODELGATE_CREDENTIALS_DIR/<name>}, then in MicroProfile Config
 * ({@code MODELGATE_CREDENTIAL_OPENAI_PROD}); the first that has the name wins. Values leave this class only
 * through {@link #secret(String)}, whose caller puts them into an Authorization header and nowhere else.
 */
@ApplicationScoped
public class Credentials {

    /** A credential as the admin API lists it: where its value comes from, and which sources it overrides. */
    public record Listed(String name, CredentialSource source, List<CredentialSource> overrides, Optional<CredentialRow> stored) {
    }

    @Inject
    Vault vault;

    @Inject
    FileCredentials files;

    @Inject
    ConfigCredentials config;

    @Inject
    PolicyService policy;

    public Optional<String> secret(String credentialName) {
        return lookup(credentialName).map(Secret::reveal);
    }

    /** The value in force for a name, from the first source that has it. */
    private Optional<Secret> lookup(String name) {
        if (!CredentialNames.valid(name)) {
            return Optional.empty();
        }
        return vault.get(name).or(() -> files.get(name)).or(() -> config.get(name));
    }

    /** The read-only sources (file, environment) that define a name, whether or not the vault overrides them. */
    public List<CredentialSource> readOnlySources(String name) {
        List<CredentialSource> sources = new ArrayList<>();
        if (files.get(name).isPresent()) {
            sources.add(CredentialSource.FILE);
        }
        if (config.get(name).isPresent()) {
            sources.add(CredentialSource.ENV);
        }
        return sources;
    }

    /**
     * Every credential this relay can resolve: the vault's and the files', and of the environment's those a
     * policy names (MicroProfile Config cannot list environment variables back into credential names).
     */
    public List<Listed> list() {
        Map<String, CredentialRow> stored = new HashMap<>();
        vault.list().forEach(r -> stored.put(r.name(), r));
        TreeSet<String> names = new TreeSet<>(stored.keySet());
        names.addAll(files.names());
        policy.policy().policy().providers().values().stream().map(Provider::credential).filter(Objects::nonNull)
                .filter(n -> config.get(n).isPresent()).forEach(names::add);
        List<Listed> out = new ArrayList<>();
        for (String name : names) {
            Map<CredentialSource, Boolean> has = new EnumMap<>(CredentialSource.class);
            if (stored.containsKey(name)) {
                has.put(CredentialSource.VAULT, true);
            }
            readOnlySources(name).forEach(s -> has.put(s, true));
            if (has.isEmpty()) {
                continue;
            }
            List<CredentialSource> sources = new ArrayList<>(has.keySet());
            out.add(new Listed(name, sources.get(0), List.copyOf(sources.subList(1, sources.size())),
                    Optional.ofNullable(stored.get(name))));
        }
        return out;
    }
}
