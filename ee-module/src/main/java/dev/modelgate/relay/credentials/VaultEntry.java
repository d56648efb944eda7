package dev.modelgate.relay.credentials;

/** A stored credential opened: its row (for listing) and its value (masked when printed). */
public record VaultEntry(CredentialRow row, Secret secret) {
}
