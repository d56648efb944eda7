package dev.modelgate.relay.credentials;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The vault's table: sealed values only; the vault seals and opens them. */
@ApplicationScoped
public class CredentialStore {

    /** What a write did: the row now stored, and whether the name was new. */
    public record Written(CredentialRow row, boolean created) {
    }

    @PersistenceContext(unitName = "modelgate")
    EntityManager em;

    @Transactional
    public List<CredentialRow> all() {
        return em.createQuery("select c from StoredCredential c order by c.name", StoredCredential.class).getResultList()
                .stream().map(StoredCredential::row).toList();
    }

    @Transactional
    public Written put(String name, Sealed sealed, Instant now) {
        StoredCredential existing = em.find(StoredCredential.class, name);
        if (existing == null) {
            StoredCredential created = new StoredCredential(name, sealed, now);
            em.persist(created);
            return new Written(created.row(), true);
        }
        existing.rotate(sealed, now);
        return new Written(existing.row(), false);
    }

    /** Re-encryption under another master key: the value, version and dates stay. */
    @Transactional
    public void reseal(String name, Sealed sealed) {
        StoredCredential existing = em.find(StoredCredential.class, name);
        if (existing != null) {
            existing.seal(sealed);
        }
    }

    /** @return the removed row, or empty when there was none */
    @Transactional
    public Optional<CredentialRow> delete(String name) {
        StoredCredential existing = em.find(StoredCredential.class, name);
        if (existing == null) {
            return Optional.empty();
        }
        em.remove(existing);
        return Optional.of(existing.row());
    }
}
