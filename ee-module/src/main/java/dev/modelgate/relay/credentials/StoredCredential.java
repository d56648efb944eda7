package dev.modelgate.relay.credentials;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A row of table {@code credential}: the value only ever as AES-GCM ciphertext. */
@Entity
@Table(name = "credential")
public class StoredCredential {

    @Id
    private String name;
    @Column(name = "key_id")
    private String keyId;
    private String nonce;
    private String ciphertext;
    private long version;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;

    protected StoredCredential() {
    }

    StoredCredential(String name, Sealed sealed, Instant now) {
        this.name = name;
        this.version = 1;
        this.createdAt = now;
        this.updatedAt = now;
        seal(sealed);
    }

    /** A new value: the version counts the values this name has had. */
    void rotate(Sealed sealed, Instant now) {
        seal(sealed);
        version++;
        updatedAt = now;
    }

    /** The same value under another master key: neither version nor dates change. */
    void seal(Sealed sealed) {
        this.keyId = sealed.keyId();
        this.nonce = sealed.nonce();
        this.ciphertext = sealed.ciphertext();
    }

    CredentialRow row() {
        return new CredentialRow(name, new Sealed(keyId, nonce, ciphertext), version, createdAt, updatedAt);
    }

    @Override
    public String toString() {
        return "StoredCredential[" + name + ", key id " + keyId + ", version " + version + "]";
    }
}
