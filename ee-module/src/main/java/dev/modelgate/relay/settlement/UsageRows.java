package dev.modelgate.relay.settlement;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ledger's tables: events and their double entry written in one transaction, and the sums budgets need.
 * {@link UsageStore} decides which of the two writes to use.
 */
@ApplicationScoped
public class UsageRows {

    @PersistenceContext(unitName = "modelgate")
    EntityManager em;

    /** Writes every record, assuming none is recorded yet; a duplicate fails the whole transaction. */
    @Transactional
    public int insertAll(List<UsageRecord> records) {
        return write(records, new HashSet<>());
    }

    /** Writes the records not recorded yet. @return how many were new */
    @Transactional
    public int insertNew(List<UsageRecord> records) {
        return write(records, existing(records));
    }

    private int write(List<UsageRecord> records, Set<UsageEvent.Key> seen) {
        Instant now = Instant.now();
        List<UsageRecord> fresh = new ArrayList<>(records.size());
        for (UsageRecord r : records) {
            if (seen.add(new UsageEvent.Key(r.requestId(), r.attempt()))) {
                fresh.add(r);
                em.persist(UsageEvent.of(r, now));
            }
        }
        // The entries refer to their events, which the provider would otherwise be free to write after them.
        em.flush();
        for (UsageRecord r : fresh) {
            if (r.costMicros() != 0) {
                em.persist(new LedgerEntry(r, LedgerEntry.teamAccount(r.team()), r.costMicros()));
                em.persist(new LedgerEntry(r, LedgerEntry.providerAccount(r.provider()), -r.costMicros()));
            }
        }
        return fresh.size();
    }

    private Set<UsageEvent.Key> existing(List<UsageRecord> records) {
        List<String> ids = new ArrayList<>(records.size());
        records.forEach(r -> ids.add(r.requestId()));
        Set<UsageEvent.Key> found = new HashSet<>();
        for (int from = 0; from < ids.size(); from += 500) {
            List<Object[]> rows = em.createQuery("select e.requestId, e.attempt from UsageEvent e where e.requestId in :ids", Object[].class)
                    .setParameter("ids", ids.subList(from, Math.min(ids.size(), from + 500))).getResultList();
            rows.forEach(row -> found.add(new UsageEvent.Key((String) row[0], ((Number) row[1]).intValue())));
        }
        return found;
    }

    /** What a team (or, with {@code key = true}, an API key) has been charged since {@code since}. */
    @Transactional
    public long spentSince(String id, boolean key, Instant since) {
        Number sum = em.createQuery("select coalesce(sum(e.costMicros), 0) from UsageEvent e where "
                        + (key ? "e.apiKey" : "e.team") + " = :id and e.occurredAt >= :since", Number.class)
                .setParameter("id", id).setParameter("since", since).getSingleResult();
        return sum.longValue();
    }
}
