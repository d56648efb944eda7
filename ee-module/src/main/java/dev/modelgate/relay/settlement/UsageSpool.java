package dev.modelgate.relay.settlement;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Usage records waiting for the ledger. A batch the database refuses stays, in order, and is written again
 * after a pause that doubles with each failure (up to a ceiling), so a database that is down is not hammered
 * and one that is back is written to within the ceiling. Nothing is ever dropped: instead the spool is
 * bounded from the front, {@link #hasRoom()} tells the relay to stop admitting paid requests while it is
 * full. Writing twice is harmless: the ledger records a (request id, attempt) once, so a batch whose commit
 * succeeded but whose answer was lost is written again without counting twice.
 */
final class UsageSpool {

    private final int capacity;
    private final int batch;
    private final long minBackoffMillis;
    private final long maxBackoffMillis;
    private final LongSupplier clock;
    private final LinkedBlockingQueue<UsageRecord> queue = new LinkedBlockingQueue<>();
    /** Kept apart from the queue so the request path can ask for room without waiting for a flush in progress. */
    private final AtomicInteger pending = new AtomicInteger();
    private final List<UsageRecord> retrying = new ArrayList<>();
    private long backoffMillis;
    private long retryAt;

    /**
     * @param capacity records the spool holds before {@link #hasRoom()} says no (requests in flight may still add theirs)
     * @param batch    records per write
     */
    UsageSpool(int capacity, int batch, long minBackoffMillis, long maxBackoffMillis, LongSupplier clock) {
        this.capacity = capacity;
        this.batch = batch;
        this.minBackoffMillis = minBackoffMillis;
        this.maxBackoffMillis = maxBackoffMillis;
        this.clock = clock;
    }

    /** Never refuses: a record of a call that was made is always kept. */
    void add(UsageRecord record) {
        pending.incrementAndGet();
        queue.add(record);
    }

    boolean hasRoom() {
        return pending.get() < capacity;
    }

    int pending() {
        return pending.get();
    }

    /** Whether the last write failed and the spool is waiting before the next. */
    synchronized boolean backingOff() {
        return backoffMillis > 0;
    }

    /**
     * Writes what is waiting, batch by batch, unless it is still backing off from a failure ({@code force}: write
     * anyway, for shutdown). @return records written. @throws RuntimeException the writer's failure, after keeping
     * the batch and scheduling the next try
     */
    synchronized int flush(Function<List<UsageRecord>, ?> writer, boolean force) {
        if (!force && clock.getAsLong() < retryAt) {
            return 0;
        }
        int written = 0;
        while (true) {
            List<UsageRecord> next = new ArrayList<>(retrying);
            retrying.clear();
            queue.drainTo(next, Math.max(0, batch - next.size()));
            if (next.isEmpty()) {
                return written;
            }
            try {
                writer.apply(next);
            } catch (RuntimeException e) {
                retrying.addAll(next);
                backoffMillis = backoffMillis == 0 ? minBackoffMillis : Math.min(maxBackoffMillis, backoffMillis * 2);
                retryAt = clock.getAsLong() + backoffMillis;
                throw e;
            }
            backoffMillis = 0;
            retryAt = 0;
            pending.addAndGet(-next.size());
            written += next.size();
        }
    }
}
