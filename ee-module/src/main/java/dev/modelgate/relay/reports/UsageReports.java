package dev.modelgate.relay.reports;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Usage summed in the database, grouped by the query's dimensions: reports never load events one by one.
 * The SQL is the same on H2 and PostgreSQL; days and hours are those of the relay's time zone.
 */
@ApplicationScoped
public class UsageReports {

    @PersistenceContext(unitName = "modelgate")
    EntityManager em;

    @Transactional
    public List<UsageRow> run(UsageQuery q) {
        StringBuilder select = new StringBuilder("SELECT ");
        StringBuilder group = new StringBuilder();
        for (UsageQuery.Dimension d : q.groupBy()) {
            select.append(d.sql()).append(", ");
            group.append(group.isEmpty() ? " GROUP BY " : ", ").append(d.sql());
        }
        select.append("SUM(CASE WHEN status >= 200 AND status < 300 THEN 1 ELSE 0 END), COUNT(*), COALESCE(SUM(input_tokens), 0), ")
                .append("COALESCE(SUM(cached_tokens), 0), COALESCE(SUM(output_tokens), 0), COALESCE(SUM(cost_micros), 0) ")
                .append("FROM usage_event WHERE occurred_at >= ?1 AND occurred_at < ?2");
        int param = 3;
        List<String> values = new ArrayList<>();
        for (Map.Entry<UsageQuery.Dimension, String> f : q.filters().entrySet()) {
            select.append(" AND ").append(f.getKey().sql()).append(" = ?").append(param++);
            values.add(f.getValue());
        }
        select.append(group);
        if (!q.groupBy().isEmpty()) {
            select.append(" ORDER BY ").append(group.substring(" GROUP BY ".length()));
        }
        Query query = em.createNativeQuery(select.toString())
                .setParameter(1, Timestamp.from(q.from())).setParameter(2, Timestamp.from(q.to()));
        for (int i = 0; i < values.size(); i++) {
            query.setParameter(3 + i, values.get(i));
        }
        List<UsageRow> rows = new ArrayList<>();
        int dims = q.groupBy().size();
        for (Object result : query.getResultList()) {
            Object[] r = result instanceof Object[] a ? a : new Object[]{result};
            List<String> keys = new ArrayList<>(dims);
            for (int i = 0; i < dims; i++) {
                keys.add(key(r[i], q.groupBy().get(i)));
            }
            rows.add(new UsageRow(keys, num(r[dims]), num(r[dims + 1]), num(r[dims + 2]), num(r[dims + 3]),
                    num(r[dims + 4]), num(r[dims + 5])));
        }
        return rows;
    }

    private static String key(Object value, UsageQuery.Dimension d) {
        if (value == null) {
            return null;
        }
        if (d.isTime()) {
            Instant at = value instanceof Timestamp t ? t.toInstant()
                    : value instanceof java.time.OffsetDateTime o ? o.toInstant()
                    : value instanceof java.time.LocalDateTime l ? Timestamp.valueOf(l).toInstant()
                    : Instant.parse(value.toString());
            return at.toString();
        }
        return value.toString();
    }

    private static long num(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
