package dev.modelgate.relay.credentials;

import dev.modelgate.relay.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Optional;

/**
 * Each change to the vault and its audit entry in one transaction: there is no stored change without its
 * record, and no record of a change that rolled back. Entries name the credential and the master key id,
 * never the value.
 */
@ApplicationScoped
public class VaultWriter {

    @Inject
    CredentialStore store;

    @Inject
    AuditLog audit;

    @Transactional
    public CredentialStore.Written put(String name, Sealed sealed, String actor) {
        CredentialStore.Written written = store.put(name, sealed, Instant.now());
        audit.record(actor, written.created() ? "credential.created" : "credential.rotated", subject(name),
                "key id " + sealed.keyId() + ", version " + written.row().version());
        return written;
    }

    @Transactional
    public Optional<CredentialRow> delete(String name, String actor) {
        Optional<CredentialRow> removed = store.delete(name);
        removed.ifPresent(row -> audit.record(actor, "credential.deleted", subject(name),
                "key id " + row.sealed().keyId() + ", version " + row.version()));
        return removed;
    }

    @Transactional
    public void reseal(VaultOpening.Resealed resealed) {
        store.reseal(resealed.name(), resealed.sealed());
        audit.record("system", "credential.reencrypted", subject(resealed.name()),
                "key id " + resealed.fromKeyId() + " -> " + resealed.sealed().keyId());
    }

    private static String subject(String name) {
        return "credential:" + name;
    }
}
