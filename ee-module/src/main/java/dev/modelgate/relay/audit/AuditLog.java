package dev.modelgate.relay.audit;

import jakarta.annotation.Resource;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;

/**
 * Appends administrative actions to the hash-chained audit log and reads it back. Never a secret in an
 * entry: callers pass names, ids and hashes, not values. An entry commits with the action it records (the
 * caller's transaction), so the next entry's sequence number and previous hash can only be read once
 * that commit is done: appends on one relay wait for each other until their transaction has ended. Two
 * relays appending at once collide on the sequence number and the loser's transaction fails.
 */
@ApplicationScoped
public class AuditLog {

    @PersistenceContext(unitName = "modelgate")
    EntityManager em;

    @Resource
    TransactionSynchronizationRegistry transactions;

    private final ReentrantLock appending = new ReentrantLock();

    @Transactional
    public AuditEntry record(String actor, String action, String subject, String detail) {
        appending.lock();
        // Held until the transaction has committed or rolled back, not just until this method returns.
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                appending.unlock();
            }
        });
        List<AuditEntry> last = em.createQuery("select e from AuditEntry e order by e.seq desc", AuditEntry.class)
                .setMaxResults(1).getResultList();
        long seq = last.isEmpty() ? 1 : last.get(0).seq() + 1;
        String previous = last.isEmpty() ? AuditChain.GENESIS : last.get(0).hash();
        AuditEntry entry = new AuditEntry(seq, Instant.ofEpochMilli(Instant.now().toEpochMilli()), clip(actor, 128), clip(action, 64),
                clip(subject, 256), clip(detail, 2000), previous);
        em.persist(entry);
        return entry;
    }

    /** The newest entries first. */
    @Transactional
    public List<AuditEntry> latest(int limit) {
        return em.createQuery("select e from AuditEntry e order by e.seq desc", AuditEntry.class).setMaxResults(limit).getResultList();
    }

    /** The newest entries of one action first: an auditor looks for failed sign-ins among thousands of admin requests. */
    @Transactional
    public List<AuditEntry> latest(int limit, String action) {
        return em.createQuery("select e from AuditEntry e where e.action = :action order by e.seq desc", AuditEntry.class)
                .setParameter("action", action).setMaxResults(limit).getResultList();
    }

    @Transactional
    public AuditChain.Verdict verify() {
        return AuditChain.verify(em.createQuery("select e from AuditEntry e order by e.seq", AuditEntry.class).getResultList());
    }

    private static String clip(String s, int max) {
        String v = s == null ? "" : s;
        return v.length() > max ? v.substring(0, max) : v;
    }
}
