package dev.modelgate.relay.credentials;

/**
 * Where a credential's value comes from, in lookup order: the vault (written through the admin API) wins,
 * then a mounted file, then MicroProfile Config (environment). Files and config are read-only: GitOps owns them.
 */
public enum CredentialSource {
    VAULT, FILE, ENV;

    public String label() {
        return name().toLowerCase();
    }
}
