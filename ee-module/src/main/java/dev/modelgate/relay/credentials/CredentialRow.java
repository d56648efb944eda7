package dev.modelgate.relay.credentials;

import java.time.Instant;

/** A stored credential as the vault sees it: its name, the sealed value and its history. */
public record CredentialRow(String name, Sealed sealed, long version, Instant createdAt, Instant updatedAt) {
}
