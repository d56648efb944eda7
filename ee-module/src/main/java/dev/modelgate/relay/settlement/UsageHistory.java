package dev.modelgate.relay.settlement;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * The latest requests in the ledger since a time, newest first, each with its calls in order: of one team and of
     * one alias or model when named (null for any). The time bounds the scan to the ledger's time index.
     */
    @Transactional
    public Map<String, List<Call>> latest(Instant since, String team, String model, int limit) {
        StringBuilder where = new StringBuilder(" where e.occurredAt >= :since");
        if (team != null) {
            where.append(" and e.team = :team");
        }
        if (model != null) {
            where.append(" and (e.alias = :model or e.model = :model)");
        }
        var ids = em.createQuery("select e.requestId, max(e.occurredAt) as latest from UsageEvent e" + where
                + " group by e.requestId order by latest desc", Object[].class).setParameter("since", since).setMaxResults(limit);
        if (team != null) {
            ids.setParameter("team", team);
        }
        if (model != null) {
            ids.setParameter("model", model);
        }
        Map<String, List<Call>> out = new LinkedHashMap<>();
        for (Object[] row : ids.getResultList()) {
            String id = (String) row[0];
            out.put(id, calls(id)); // at most `limit` small lookups by primary key prefix, for an operator's page
        }
        return out;
    }

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
