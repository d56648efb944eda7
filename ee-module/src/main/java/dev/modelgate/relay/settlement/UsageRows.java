package dev.modelgate.relay.settlement;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ledger's tables: events and their double entry written in one transaction, and the sums budgets need.
 * {@link UsageStore} decides which of the two writes to use.
 *
 * <p>Writes are plain JDBC batches on the container's connection, enlisted in the method's transaction: the
 * rows are written once and never read back as objects, and building, registering and change-tracking an
 * entity per row cost a fifth of the ingest time. Reads stay with the persistence unit ({@link UsageEvent},
 * {@link LedgerEntry}), whose shared cache is off, so it never holds rows these writes would make stale.
 */
@ApplicationScoped
public class UsageRows {

    private static final String INSERT_EVENT = "INSERT INTO usage_event (request_id, attempt, team, api_key, alias, provider, model,"
            + " input_tokens, cached_tokens, output_tokens, reasoning_tokens, images, audio_millis, latency_micros, status, outcome,"
            + " streamed, cost_micros, occurred_at, recorded_at, cache_write_5m_tokens, cache_write_1h_tokens)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_ENTRY = "INSERT INTO ledger_entry (request_id, attempt, account, amount_micros, occurred_at)"
            + " VALUES (?, ?, ?, ?, ?)";
    private static final int MAX_OUTCOME = 256;
    /** Request ids per look-up of recorded events: well under every database's limit on bound parameters. */
    private static final int LOOKUP_CHUNK = 500;

    @Resource(lookup = "jdbc/modelgate")
    DataSource dataSource;

    @PersistenceContext(unitName = "modelgate")
    EntityManager em;

    /** Writes every record, assuming none is recorded yet; a duplicate fails the whole transaction. @return the records */
    @Transactional
    public List<UsageRecord> insertAll(List<UsageRecord> records) {
        try (Connection c = dataSource.getConnection()) {
            return write(c, records, Collections.emptySet());
        } catch (SQLException e) {
            throw new LedgerWriteFailed(e);
        }
    }

    /** Writes the records not recorded yet. @return those that were new */
    @Transactional
    public List<UsageRecord> insertNew(List<UsageRecord> records) {
        try (Connection c = dataSource.getConnection()) {
            return write(c, records, existing(c, records));
        } catch (SQLException e) {
            throw new LedgerWriteFailed(e);
        }
    }

    private static List<UsageRecord> write(Connection c, List<UsageRecord> records, Set<UsageEvent.Key> recorded) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        List<UsageRecord> fresh = new ArrayList<>(records.size());
        for (UsageRecord r : records) {
            if (!recorded.contains(new UsageEvent.Key(r.requestId(), r.attempt()))) {
                fresh.add(r);
            }
        }
        if (fresh.isEmpty()) {
            return fresh;
        }
        // Events first: their entries refer to them.
        try (PreparedStatement events = c.prepareStatement(INSERT_EVENT)) {
            for (UsageRecord r : fresh) {
                bindEvent(events, r, now);
                events.addBatch();
            }
            events.executeBatch();
        }
        try (PreparedStatement entries = c.prepareStatement(INSERT_ENTRY)) {
            boolean any = false;
            for (UsageRecord r : fresh) {
                if (r.costMicros() != 0) {
                    Timestamp at = Timestamp.from(r.occurredAt());
                    bindEntry(entries, r, LedgerEntry.teamAccount(r.who().team()), r.costMicros(), at);
                    entries.addBatch();
                    bindEntry(entries, r, LedgerEntry.providerAccount(r.where().provider()), -r.costMicros(), at);
                    entries.addBatch();
                    any = true;
                }
            }
            if (any) {
                entries.executeBatch();
            }
        }
        return fresh;
    }

    private static void bindEvent(PreparedStatement s, UsageRecord r, Timestamp recordedAt) throws SQLException {
        s.setString(1, r.requestId());
        s.setInt(2, r.attempt());
        setText(s, 3, r.who().team());
        setText(s, 4, r.who().apiKey());
        setText(s, 5, r.who().alias());
        s.setString(6, r.where().provider());
        s.setString(7, r.where().model());
        s.setLong(8, r.consumed().inputTokens());
        s.setLong(9, r.consumed().cachedTokens());
        s.setLong(10, r.consumed().outputTokens());
        s.setLong(11, r.consumed().reasoningTokens());
        s.setInt(12, r.consumed().images());
        s.setLong(13, r.consumed().audioMillis());
        s.setLong(14, r.result().latencyMicros());
        s.setInt(15, r.result().status());
        String outcome = r.result().outcome();
        s.setString(16, outcome.length() > MAX_OUTCOME ? outcome.substring(0, MAX_OUTCOME) : outcome);
        s.setBoolean(17, r.result().streamed());
        s.setLong(18, r.costMicros());
        s.setTimestamp(19, Timestamp.from(r.occurredAt()));
        s.setTimestamp(20, recordedAt);
        s.setLong(21, r.consumed().cacheWrite5mTokens());
        s.setLong(22, r.consumed().cacheWrite1hTokens());
    }

    private static void bindEntry(PreparedStatement s, UsageRecord r, String account, long amountMicros, Timestamp at) throws SQLException {
        s.setString(1, r.requestId());
        s.setInt(2, r.attempt());
        s.setString(3, account);
        s.setLong(4, amountMicros);
        s.setTimestamp(5, at);
    }

    private static void setText(PreparedStatement s, int index, String value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, value);
        }
    }

    private static Set<UsageEvent.Key> existing(Connection c, List<UsageRecord> records) throws SQLException {
        List<String> ids = records.stream().map(UsageRecord::requestId).distinct().toList();
        Set<UsageEvent.Key> found = new HashSet<>();
        for (int from = 0; from < ids.size(); from += LOOKUP_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + LOOKUP_CHUNK));
            String sql = "SELECT request_id, attempt FROM usage_event WHERE request_id IN (" + "?, ".repeat(chunk.size() - 1) + "?)";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    s.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        found.add(new UsageEvent.Key(rs.getString(1), rs.getInt(2)));
                    }
                }
            }
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

    /** The database refused a batch (a duplicate key, or worse); unchecked, so the transaction rolls back. */
    static final class LedgerWriteFailed extends RuntimeException {
        LedgerWriteFailed(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
