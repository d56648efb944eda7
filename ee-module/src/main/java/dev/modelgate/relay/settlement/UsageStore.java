package dev.modelgate.relay.settlement;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Records usage events idempotently: an event already recorded (same request id and attempt) is skipped, so
 * a retried batch or a replayed event is never billed twice. New events are the rule, so a batch is first
 * written as it is, with no lookup; only when the database refuses a duplicate is it written again, in a new
 * transaction, without the events it already has.
 */
@ApplicationScoped
public class UsageStore {

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(UsageStore.class.getName());

    /** Records per transaction when batches are written together: ten full ingest batches. */
    private static final int GROUP_RECORDS = 10 * UsageIngest.MAX_BATCH;

    @Inject
    UsageRows rows;

    private GroupCommit commits;

    @PostConstruct
    void start() {
        // One writer: see GroupCommit; the batches waiting meanwhile are written together next.
        commits = new GroupCommit(rows::insertAll, this::insertOne, GROUP_RECORDS, 1);
    }

    /**
     * Stores the records in a transaction of its own (possibly shared with batches that other callers are
     * storing at the same time) and returns once it has committed. @return the records that were new, each once
     */
    public List<UsageRecord> insert(List<UsageRecord> records) {
        List<UsageRecord> unique = new ArrayList<>(records.size());
        Set<UsageEvent.Key> inBatch = new HashSet<>();
        for (UsageRecord r : records) {
            if (inBatch.add(new UsageEvent.Key(r.requestId(), r.attempt()))) {
                unique.add(r);
            }
        }
        return unique.isEmpty() ? List.of() : commits.write(unique);
    }

    private List<UsageRecord> insertOne(List<UsageRecord> unique) {
        try {
            return rows.insertAll(unique);
        } catch (RuntimeException duplicate) {
            LOG.fine("batch holds events already recorded; writing only the new ones (" + duplicate + ")");
            return rows.insertNew(unique);
        }
    }

    /** What a team (or, with {@code key = true}, an API key) has been charged since {@code since}. */
    public long spentSince(String id, boolean key, Instant since) {
        return rows.spentSince(id, key, since);
    }
}
