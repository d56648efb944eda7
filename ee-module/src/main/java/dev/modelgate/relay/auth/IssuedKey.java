package dev.modelgate.relay.auth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An API key issued for one of the policy's key ids: its hash, never its secret. */
@Entity
@Table(name = "issued_key")
public class IssuedKey {

    @Id
    private String id;
    @Column(name = "key_id")
    private String keyId;
    @Column(name = "secret_hash")
    private String secretHash;
    private String prefix;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "created_by")
    private String createdBy;
    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected IssuedKey() {
    }

    IssuedKey(String id, String keyId, String secretHash, String prefix, Instant createdAt, String createdBy) {
        this.id = id;
        this.keyId = keyId;
        this.secretHash = secretHash;
        this.prefix = prefix;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
    }

    public String id() {
        return id;
    }

    public String keyId() {
        return keyId;
    }

    public String prefix() {
        return prefix;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant revokedAt() {
        return revokedAt;
    }

    void revoke(Instant at) {
        this.revokedAt = at;
    }

    @Override
    public String toString() {
        return "IssuedKey[" + id + ", key_id=" + keyId + ", prefix=" + prefix + "]";
    }
}
