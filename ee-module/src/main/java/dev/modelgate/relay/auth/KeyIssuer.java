package dev.modelgate.relay.auth;

import dev.modelgate.policy.eval.Caller;
import dev.modelgate.relay.audit.AuditLog;
import dev.modelgate.relay.policy.PolicyService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues and revokes Modelgate API keys for the key ids the policy defines (their limits and budgets stay in
 * the policy). The secret is returned once, at issue, and kept only as a SHA-256; both actions go to the
 * audit log with the key's id and prefix, never the secret.
 */
@ApplicationScoped
public class KeyIssuer {

    /** A new key and the secret to hand over; the secret is not kept anywhere. */
    public record Issued(IssuedKey key, String secret) {
    }

    private final SecureRandom random = new SecureRandom();

    @PersistenceContext(unitName = "modelgate")
    EntityManager em;

    @Inject
    PolicyService policy;

    @Inject
    AuditLog audit;

    /** @throws IllegalArgumentException when the policy has no such key id */
    @Transactional
    public Issued issue(String keyId, String actor) {
        if (keyId == null || policy.policy().key(keyId) == null) {
            throw new IllegalArgumentException("the policy defines no key id '" + keyId + "' (keys are declared under a team's 'keys')");
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String secret = "sk-mg-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        IssuedKey key = new IssuedKey(UUID.randomUUID().toString(), keyId, ApiKeys.hash(secret), secret.substring(0, 12),
                Instant.now(), actor);
        em.persist(key);
        audit.record(actor, "key.issued", "key:" + keyId, "id " + key.id() + ", prefix " + key.prefix());
        return new Issued(key, secret);
    }

    /** @return the revoked key, or empty when there is none with this id */
    @Transactional
    public Optional<IssuedKey> revoke(String id, String actor) {
        IssuedKey key = em.find(IssuedKey.class, id);
        if (key == null) {
            return Optional.empty();
        }
        if (key.revokedAt() == null) {
            key.revoke(Instant.now());
            audit.record(actor, "key.revoked", "key:" + key.keyId(), "id " + key.id() + ", prefix " + key.prefix());
        }
        return Optional.of(key);
    }

    /** An issued key by its id, revoked or not. */
    @Transactional
    public Optional<IssuedKey> find(String id) {
        return Optional.ofNullable(em.find(IssuedKey.class, id));
    }

    /** The team the policy puts a key id in, if the policy still has it. */
    public Optional<String> teamOf(String keyId) {
        return Optional.ofNullable(policy.policy().teamOf(Caller.key(keyId)));
    }

    @Transactional
    public List<IssuedKey> list() {
        return em.createQuery("select k from IssuedKey k order by k.createdAt", IssuedKey.class).getResultList();
    }

    /** The key id of a live (not revoked) issued secret, by the secret's hash. */
    @Transactional
    public Optional<String> keyIdOf(String secretHash) {
        return em.createQuery("select k from IssuedKey k where k.secretHash = :h and k.revokedAt is null", IssuedKey.class)
                .setParameter("h", secretHash).getResultStream().findFirst().map(IssuedKey::keyId);
    }
}
