package dev.modelgate.relay.credentials;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The vault's background read of every stored credential, under MicroProfile Fault Tolerance: a short blip is
 * retried with jitter, and a read that hangs is abandoned after a timeout so the refresh thread is free for the
 * next interval (the cache keeps serving the values it has meanwhile). Each try is its own transaction.
 */
@ApplicationScoped
public class VaultReads {

    @Inject
    CredentialStore store;

    @Retry(maxRetries = 2, delay = 200, jitter = 100, delayUnit = ChronoUnit.MILLIS)
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    public List<CredentialRow> all() {
        return store.all();
    }
}
