package dev.modelgate.relay.settlement;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

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
 * rather than serve calls it could not bill. The queue is drained when the application stops. A record still
 * in the spool when the process is killed is lost with it: at most one flush interval of traffic, or the
 * spool while the database is down.
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

    private UsageSpool spool;
    private ScheduledFuture<?> flushing;
    private volatile boolean failing;

    @PostConstruct
    void start() {
        spool = new UsageSpool(spoolCapacity, BATCH, Math.min(flushMillis, maxBackoffMillis), maxBackoffMillis, System::currentTimeMillis);
        flushing = scheduler.scheduleWithFixedDelay(this::flushQuietly, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    }

    public void submit(UsageRecord record) {
        spool.add(record);
    }

    /** Whether the spool has room for more requests' usage; false while the database is down and the spool is full. */
    public boolean hasRoom() {
        return spool.hasRoom();
    }

    /** Writes everything queued so far, now; for shutdown and tests. @return records newly stored */
    public int flush() {
        return flush(true);
    }

    private int flush(boolean force) {
        try {
            int written = spool.flush(ledger::write, force);
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
            LOG.severe(pending() + " usage events could not be written before shutdown");
        }
    }
}
