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
        List<UsageRow> rows = new ArrayList<>();
        int dims = q.groupBy().size();
        for (Object[] r : sums(q, q.groupBy(), "SUM(CASE WHEN status >= 200 AND status < 300 THEN 1 ELSE 0 END), COUNT(*), "
                + "COALESCE(SUM(input_tokens), 0), COALESCE(SUM(cached_tokens), 0), COALESCE(SUM(output_tokens), 0), "
                + "COALESCE(SUM(cost_micros), 0)", "")) {
            rows.add(new UsageRow(keys(r, q.groupBy()), num(r[dims]), num(r[dims + 1]), num(r[dims + 2]), num(r[dims + 3]),
                    num(r[dims + 4]), num(r[dims + 5])));
        }
        return rows;
    }

    /**
     * Served calls' cache reads and writes per group, split further by alias, deployment and day: what caching saved is
     * priced from the deployment's price on that day (prices change by date), so the report prices these parts and
     * adds them up per group.
     */
    @Transactional
    public List<CacheUse> cacheUse(UsageQuery q) {
        List<UsageQuery.Dimension> dims = new ArrayList<>(q.groupBy());
        for (UsageQuery.Dimension d : List.of(UsageQuery.Dimension.ALIAS, UsageQuery.Dimension.PROVIDER, UsageQuery.Dimension.MODEL,
                UsageQuery.Dimension.DAY)) {
            if (!dims.contains(d)) {
                dims.add(d);
            }
        }
        int n = dims.size();
        List<CacheUse> out = new ArrayList<>();
        for (Object[] r : sums(q, dims, "COALESCE(SUM(cached_tokens), 0), COALESCE(SUM(cache_write_5m_tokens), 0), "
                + "COALESCE(SUM(cache_write_1h_tokens), 0)", " AND status >= 200 AND status < 300")) {
            List<String> all = keys(r, dims);
            out.add(new CacheUse(all.subList(0, q.groupBy().size()), all.get(dims.indexOf(UsageQuery.Dimension.ALIAS)),
                    all.get(dims.indexOf(UsageQuery.Dimension.PROVIDER)),
                    all.get(dims.indexOf(UsageQuery.Dimension.MODEL)), Instant.parse(all.get(dims.indexOf(UsageQuery.Dimension.DAY))),
                    new CacheUse.Tokens(num(r[n]), num(r[n + 1]), num(r[n + 2]))));
        }
        return out;
    }

    /** One group's cache use on one deployment (under the alias it served) and day. */
    public record CacheUse(List<String> keys, String alias, String provider, String model, Instant day, Tokens tokens) {

        public record Tokens(long read, long written5m, long written1h) {
        }
    }

    /** The query's range and filters, grouped by {@code dims}, each row the group's keys then the {@code sums}. */
    private List<Object[]> sums(UsageQuery q, List<UsageQuery.Dimension> dims, String sums, String condition) {
        StringBuilder select = new StringBuilder("SELECT ");
        StringBuilder group = new StringBuilder();
        for (UsageQuery.Dimension d : dims) {
            select.append(d.sql()).append(", ");
            group.append(group.isEmpty() ? " GROUP BY " : ", ").append(d.sql());
        }
        select.append(sums).append(" FROM usage_event WHERE occurred_at >= ?1 AND occurred_at < ?2").append(condition);
        int param = 3;
        List<String> values = new ArrayList<>();
        for (Map.Entry<UsageQuery.Dimension, String> f : q.filters().entrySet()) {
            select.append(" AND ").append(f.getKey().sql()).append(" = ?").append(param++);
            values.add(f.getValue());
        }
        select.append(group);
        if (!dims.isEmpty()) {
            select.append(" ORDER BY ").append(group.substring(" GROUP BY ".length()));
        }
        Query query = em.createNativeQuery(select.toString())
                .setParameter(1, Timestamp.from(q.from())).setParameter(2, Timestamp.from(q.to()));
        for (int i = 0; i < values.size(); i++) {
            query.setParameter(3 + i, values.get(i));
        }
        List<Object[]> rows = new ArrayList<>();
        for (Object result : query.getResultList()) {
            rows.add(result instanceof Object[] a ? a : new Object[]{result});
        }
        return rows;
    }

    private static List<String> keys(Object[] row, List<UsageQuery.Dimension> dims) {
        List<String> keys = new ArrayList<>(dims.size());
        for (int i = 0; i < dims.size(); i++) {
            keys.add(key(row[i], dims.get(i)));
        }
        return keys;
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
