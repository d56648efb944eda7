package dev.modelgate.relay.reports;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A usage report's question: which events (time range, optional filters) grouped by which dimensions.
 *
 * @param groupBy dimensions, in order: team, key, alias, provider, model, day, hour
 * @param filters dimension to required value (team, key, alias, provider, model)
 */
public record UsageQuery(Instant from, Instant to, List<Dimension> groupBy, Map<Dimension, String> filters) {

    /** What usage can be grouped by; the column names are fixed here, never taken from a request. */
    public enum Dimension {
        TEAM("team", "team"),
        KEY("key", "api_key"),
        ALIAS("alias", "alias"),
        PROVIDER("provider", "provider"),
        MODEL("model", "model"),
        DAY("day", "DATE_TRUNC('DAY', occurred_at)"),
        HOUR("hour", "DATE_TRUNC('HOUR', occurred_at)");

        private final String param;
        private final String sql;

        Dimension(String param, String sql) {
            this.param = param;
            this.sql = sql;
        }

        public String param() {
            return param;
        }

        String sql() {
            return sql;
        }

        public boolean isTime() {
            return this == DAY || this == HOUR;
        }

        /** @throws IllegalArgumentException naming the dimensions there are */
        public static Dimension of(String param) {
            for (Dimension d : values()) {
                if (d.param.equals(param)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("unknown dimension '" + param + "' (known: team, key, alias, provider, model, day, hour)");
        }
    }

    public UsageQuery {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("'from' must be before 'to'");
        }
        groupBy = List.copyOf(groupBy);
        filters = Map.copyOf(filters);
        if (filters.keySet().stream().anyMatch(Dimension::isTime)) {
            throw new IllegalArgumentException("filter by time with 'from' and 'to'");
        }
    }
}
