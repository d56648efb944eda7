package dev.modelgate.relay.credentials;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The opened vault in memory. Several relays may share one database, so a background task calls
 * {@link #refresh()} every refresh interval; a local write replaces its entry at once. Requests only read the
 * snapshot: none waits for the database or a decrypt, and a request that already took a value finishes with
 * it, so rotating a key fails no call in flight.
 */
final class VaultCache {

    private static final Logger LOG = Logger.getLogger(VaultCache.class.getName());

    private final Supplier<List<CredentialRow>> loader;
    private final Function<CredentialRow, Secret> opener;
    /**
     * Held by a refresh from its database read until its snapshot is in place, and by local writes: a write
     * that lands while a refresh is reading waits for it, so the refresh cannot put back the value it replaced.
     */
    private final ReentrantLock reloading = new ReentrantLock();
    /** Warned once per name and key id, not at every refresh. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    /** An outage is logged when it starts and when it ends, not at every refresh in between. */
    private boolean failing;

    private volatile Map<String, VaultEntry> entries = Map.of();

    VaultCache(Supplier<List<CredentialRow>> loader, Function<CredentialRow, Secret> opener) {
        this.loader = loader;
        this.opener = opener;
    }

    /** Sets the snapshot opened at start-up (where any unreadable record has already failed the start). */
    void load(Map<String, VaultEntry> opened) {
        entries = Map.copyOf(opened);
    }

    Optional<VaultEntry> get(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    Map<String, VaultEntry> all() {
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

    /**
     * Reads the database again and opens what changed, for the background task. Never throws: a scheduled
     * task that throws is not run again.
     */
    void refresh() {
        reloading.lock();
        try {
            entries = reload(entries);
            if (failing) {
                failing = false;
                LOG.info("the credential vault is reloaded again");
            }
        } catch (RuntimeException e) {
            // The database is briefly away: keep serving the keys we have, try again at the next interval.
            if (!failing) {
                failing = true;
                LOG.warning("the credential vault could not be reloaded, keeping the values in memory: " + e.getClass().getSimpleName());
            }
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
