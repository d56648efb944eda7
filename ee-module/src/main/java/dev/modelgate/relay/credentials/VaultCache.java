package dev.modelgate.relay.credentials;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The opened vault in memory. Several relays may share one database, so the snapshot is reloaded when it is
 * older than the refresh interval; a local write replaces its entry at once. Readers never wait: one caller
 * reloads while the others keep the snapshot they have, and a request that already took a value finishes
 * with it, so rotating a key fails no call in flight.
 */
final class VaultCache {

    private static final Logger LOG = Logger.getLogger(VaultCache.class.getName());

    private final Supplier<List<CredentialRow>> loader;
    private final Function<CredentialRow, Secret> opener;
    private final long refreshNanos;
    private final LongSupplier nanoClock;
    private final ReentrantLock reloading = new ReentrantLock();
    /** Warned once per name and key id, not at every refresh. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    private volatile Map<String, VaultEntry> entries = Map.of();
    private volatile long loadedAt;

    VaultCache(Supplier<List<CredentialRow>> loader, Function<CredentialRow, Secret> opener, Duration refresh, LongSupplier nanoClock) {
        this.loader = loader;
        this.opener = opener;
        this.refreshNanos = refresh.toNanos();
        this.nanoClock = nanoClock;
        this.loadedAt = nanoClock.getAsLong() - refreshNanos;
    }

    /** Sets the snapshot opened at start-up (where any unreadable record has already failed the start). */
    void load(Map<String, VaultEntry> opened) {
        entries = Map.copyOf(opened);
        loadedAt = nanoClock.getAsLong();
    }

    Optional<VaultEntry> get(String name) {
        refreshIfStale();
        return Optional.ofNullable(entries.get(name));
    }

    Map<String, VaultEntry> all() {
        refreshIfStale();
        return entries;
    }

    void written(VaultEntry entry) {
        reloading.lock();
        try {
            Map<String, VaultEntry> next = new HashMap<>(entries);
            next.put(entry.row().name(), entry);
            entries = Map.copyOf(next);
        } finally {
            reloading.unlock();
        }
    }

    void removed(String name) {
        reloading.lock();
        try {
            Map<String, VaultEntry> next = new HashMap<>(entries);
            next.remove(name);
            entries = Map.copyOf(next);
        } finally {
            reloading.unlock();
        }
    }

    private void refreshIfStale() {
        if (nanoClock.getAsLong() - loadedAt < refreshNanos || !reloading.tryLock()) {
            return;
        }
        try {
            if (nanoClock.getAsLong() - loadedAt >= refreshNanos) {
                entries = reload(entries);
                loadedAt = nanoClock.getAsLong();
            }
        } catch (RuntimeException e) {
            // The database is briefly away: keep serving the keys we have, try again at the next interval.
            loadedAt = nanoClock.getAsLong();
            LOG.warning("the credential vault could not be reloaded, keeping the values in memory: " + e.getClass().getSimpleName());
        } finally {
            reloading.unlock();
        }
    }

    private Map<String, VaultEntry> reload(Map<String, VaultEntry> current) {
        Map<String, VaultEntry> next = new HashMap<>();
        for (CredentialRow row : loader.get()) {
            VaultEntry known = current.get(row.name());
            if (known != null && known.row().sealed().equals(row.sealed())) {
                next.put(row.name(), new VaultEntry(row, known.secret()));
                continue;
            }
            try {
                next.put(row.name(), new VaultEntry(row, opener.apply(row)));
            } catch (VaultException e) {
                // Another relay wrote under a master key this one lacks (a rotation half rolled out): keep the
                // value we had rather than drop the provider; the restart with the new key settles it.
                if (warned.add(row.name() + "|" + row.sealed().keyId())) {
                    LOG.warning(e.getMessage() + "; keeping the value loaded before, if any");
                }
                if (known != null) {
                    next.put(row.name(), known);
                }
            }
        }
        return Map.copyOf(next);
    }
}
