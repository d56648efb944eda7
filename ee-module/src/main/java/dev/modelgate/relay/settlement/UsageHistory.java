package dev.modelgate.relay.settlement;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One request's calls as the ledger recorded them, for looking a request up after the fact. */
@ApplicationScoped
public class UsageHistory {

    /** One recorded call: a usage event without the columns only reports need. */
    public record Call(int attempt, String team, String apiKey, String alias, String provider, String model,
                       long inputTokens, long outputTokens, long latencyMicros, int status, String outcome,
                       boolean streamed, long costMicros, Instant occurredAt) {
    }

    @PersistenceContext(unitName = "modelgate")
    EntityManager em;

    /** The request's calls in the order they were made; empty when the ledger has none (yet). */
    @Transactional
    public List<Call> calls(String requestId) {
        List<Object[]> rows = em.createQuery("select e.attempt, e.team, e.apiKey, e.alias, e.provider, e.model, e.inputTokens,"
                        + " e.outputTokens, e.latencyMicros, e.status, e.outcome, e.streamed, e.costMicros, e.occurredAt"
                        + " from UsageEvent e where e.requestId = :id order by e.attempt", Object[].class)
                .setParameter("id", requestId).getResultList();
        List<Call> calls = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            calls.add(new Call(((Number) r[0]).intValue(), (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                    (String) r[5], ((Number) r[6]).longValue(), ((Number) r[7]).longValue(), ((Number) r[8]).longValue(),
                    ((Number) r[9]).intValue(), (String) r[10], (Boolean) r[11], ((Number) r[12]).longValue(), (Instant) r[13]));
        }
        return calls;
    }
}
