package dev.modelgate.relay.settlement;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes usage records off the request path and writes them in batches (one transaction per batch, every
 * {@code modelgate.usage.flush.millis}, 200 ms by default, in batches of at most 1,000 records), so recording
 * costs a request no database round trip. Records wait in a bounded {@link UsageSpool}: while the database is
 * down nothing is dropped, the writes back off (doubling up to {@code modelgate.usage.retry.max.millis}), and once
 * {@code modelgate.usage.spool.capacity} records wait the relay stops admitting requests ({@link #hasRoom()})
 * rather than serve calls it could not bill. The queue is drained when the application stops. Each record is
 * also appended to a {@link UsageJournal} before its answer completes ({@code modelgate.usage.journal.dir}),
 * so a relay killed outright loses none: {@link #recover()} writes what the journal still holds to the ledger
 * when the relay starts again. With the journal switched off (an empty directory setting), a record still in
 * the spool when the process is killed is lost with it: at most one flush interval of traffic, or the spool
 * while the database is down.
 *
 * <p>Why not more often: each commit to the embedded H2 ledger writes a new chunk of its copy-on-write file.
 * Committing every 20 ms made the file grow by over a kilobyte per request (1.6 GB a million requests, most of
 * it dead pages) faster than H2 reclaims it; 200 ms batches write a tenth of the chunks.
 */
@ApplicationScoped
public class UsageWriter {

    private static final Logger LOG = Logger.getLogger(UsageWriter.class.getName());
    private static final int BATCH = 1000;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    LedgerFlush ledger;

    @Inject
    @ConfigProperty(name = "modelgate.usage.flush.millis", defaultValue = "200")
    long flushMillis;

    @Inject
    @ConfigProperty(name = "modelgate.usage.spool.capacity", defaultValue = "100000")
    int spoolCapacity;

    @Inject
    @ConfigProperty(name = "modelgate.usage.retry.max.millis", defaultValue = "30000")
    long maxBackoffMillis;

    /** Where the journal lives; empty switches it off. */
    @Inject
    @ConfigProperty(name = "modelgate.usage.journal.dir", defaultValue = "")
    String journalDir;

    /** fsync after each append: survives the loss of the machine too, at a disk flush per request. */
    @Inject
    @ConfigProperty(name = "modelgate.usage.journal.fsync", defaultValue = "false")
    boolean journalFsync;

    private UsageSpool spool;
    private UsageJournal journal;
    /** The last journal segment sealed (or recovered) whose records are not all known to be in the ledger; 0 for none. */
    private long sealedUpTo;
    private ScheduledFuture<?> flushing;
    private volatile boolean failing;

    @PostConstruct
    void start() {
        spool = new UsageSpool(spoolCapacity, BATCH, Math.min(flushMillis, maxBackoffMillis), maxBackoffMillis, System::currentTimeMillis);
        if (!journalDir.isBlank()) {
            journal = new UsageJournal(Path.of(journalDir), journalFsync);
        }
        flushing = scheduler.scheduleWithFixedDelay(this::flushQuietly, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    }

    public void submit(UsageRecord record) {
        if (journal == null) {
            spool.add(record);
        } else {
            journal.append(record, () -> spool.add(record));
        }
    }

    /**
     * Writes to the ledger what the journal of an earlier run still holds (records of a relay that was killed
     * before it could write them), once, at start, before budgets are loaded from the ledger.
     * @return records the journal held (those already in the ledger included)
     */
    public int recover() {
        if (journal == null) {
            return 0;
        }
        UsageJournal.Recovered recovered = journal.recover();
        if (recovered.lastSegment() == 0) {
            return 0;
        }
        synchronized (this) {
            sealedUpTo = Math.max(sealedUpTo, recovered.lastSegment());
        }
        // Through the spool, so that a database that is down now keeps them for retry, journal and all.
        recovered.records().forEach(spool::add);
        flush(true);
        LOG.info("usage journal: " + recovered.records().size() + " records of an earlier run replayed"
                + (pending() == 0 ? "" : "; " + pending() + " wait for the ledger"));
        return recovered.records().size();
    }

    /** Whether the spool has room for more requests' usage; false while the database is down and the spool is full. */
    public boolean hasRoom() {
        return spool.hasRoom();
    }

    /** Writes everything queued so far, now; for shutdown and tests. @return records newly stored */
    public int flush() {
        return flush(true);
    }

    private synchronized int flush(boolean force) {
        try {
            if (journal != null) {
                sealedUpTo = Math.max(sealedUpTo, journal.seal());
            }
            int written = spool.flush(ledger::write, force);
            if (sealedUpTo > 0 && !spool.backingOff()) {
                // everything queued before the seal is written: the sealed segments are no longer needed
                journal.discardThrough(sealedUpTo);
                sealedUpTo = 0;
            }
            if (failing && written > 0) {
                failing = false;
                LOG.info("usage ledger writes are back");
            }
            return written;
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.log(Level.SEVERE, "usage ledger write failed; " + spool.pending() + " events kept for retry", e);
            }
            return 0;
        }
    }

    /** Records waiting to be written (queued or kept for retry). */
    public int pending() {
        return spool.pending();
    }

    private void flushQuietly() {
        flush(false);
    }

    @PreDestroy
    void stop() {
        if (flushing != null) {
            flushing.cancel(false);
        }
        flush(true);
        if (pending() > 0) {
            LOG.severe(pending() + " usage events could not be written before shutdown"
                    + (journal == null ? "" : "; they stay in the usage journal for the next start"));
        }
        if (journal != null) {
            journal.close();
        }
    }
}
