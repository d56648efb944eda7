package dev.modelgate.relay.settlement;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes usage records off the request path and writes them in batches (one transaction per batch, every
 * {@code modelgate.usage.flush.millis}, 200 ms by default, in batches of at most 1,000 records), so recording
 * costs a request no database round trip. A batch that fails to write is kept and retried, never dropped; the
 * queue is drained when the application stops. A record still in the queue when the process is killed is lost
 * with it: at most one flush interval of traffic.
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
    UsageStore store;

    @Inject
    @ConfigProperty(name = "modelgate.usage.flush.millis", defaultValue = "200")
    long flushMillis;

    private final LinkedBlockingQueue<UsageRecord> queue = new LinkedBlockingQueue<>();
    private final List<UsageRecord> retrying = new ArrayList<>();
    private ScheduledFuture<?> flushing;
    private volatile boolean failing;

    @PostConstruct
    void start() {
        flushing = scheduler.scheduleWithFixedDelay(this::flushQuietly, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    }

    public void submit(UsageRecord record) {
        queue.add(record);
    }

    /** Writes everything queued so far; for the scheduler, shutdown and tests. @return records newly stored */
    public synchronized int flush() {
        int stored = 0;
        while (true) {
            List<UsageRecord> batch = new ArrayList<>(retrying);
            retrying.clear();
            queue.drainTo(batch, BATCH - batch.size());
            if (batch.isEmpty()) {
                return stored;
            }
            try {
                stored += store.insert(batch).size();
                if (failing) {
                    failing = false;
                    LOG.info("usage ledger writes are back");
                }
            } catch (RuntimeException e) {
                retrying.addAll(batch);
                if (!failing) {
                    failing = true;
                    LOG.log(Level.SEVERE, "usage ledger write failed; " + batch.size() + " events kept for retry", e);
                }
                return stored;
            }
        }
    }

    /** Records waiting to be written (queued or kept for retry). */
    public synchronized int pending() {
        return queue.size() + retrying.size();
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "usage ledger flush failed", e);
        }
    }

    @PreDestroy
    void stop() {
        if (flushing != null) {
            flushing.cancel(false);
        }
        flush();
        if (pending() > 0) {
            LOG.severe(pending() + " usage events could not be written before shutdown");
        }
    }
}
