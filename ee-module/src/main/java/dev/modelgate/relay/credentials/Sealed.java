package dev.modelgate.relay.credentials;

/**
 * A credential's value as stored: AES-256-GCM ciphertext (with its tag) under the master key {@code keyId},
 * with the nonce it was sealed with. Bytes are base64 text, so the column types are the same on H2 and
 * PostgreSQL.
 */
public record Sealed(String keyId, String nonce, String ciphertext) {
}
