package dev.modelgate.relay.settlement;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * One ledger write of spooled usage, under MicroProfile Fault Tolerance: a blip (a dropped pooled connection,
 * a failover of the database) is retried at once a few times, with jitter, and a write that hangs is given up
 * after a timeout rather than holding the flush thread. Longer outages are the spool's business: it keeps the
 * batch and backs off between flushes. Retrying is safe because the ledger records a (request id, attempt) once.
 */
@ApplicationScoped
public class LedgerFlush {

    @Inject
    UsageStore store;

    @Retry(maxRetries = 2, delay = 100, jitter = 50, delayUnit = ChronoUnit.MILLIS, maxDuration = 20, durationUnit = ChronoUnit.SECONDS)
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    public List<UsageRecord> write(List<UsageRecord> batch) {
        return store.insert(batch);
    }
}
