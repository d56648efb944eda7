package dev.modelgate.relay.credentials;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.security.SecureRandom;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The encrypted credential vault: values sealed with AES-256-GCM under the master key, stored in the
 * relay's database, held opened in memory. Off when no master key is configured and nothing is stored;
 * a start with stored records it cannot open fails (see {@link #start()}).
 */
@ApplicationScoped
public class Vault {

    private static final Logger LOG = Logger.getLogger(Vault.class.getName());

    @Inject
    @ConfigProperty(name = "modelgate.master.key")
    Optional<String> masterKey;

    @Inject
    @ConfigProperty(name = "modelgate.master.key.file")
    Optional<String> masterKeyFile;

    @Inject
    @ConfigProperty(name = "modelgate.master.key.previous")
    Optional<String> previousKeys;

    /**
     * How stale another relay's write may be seen here (this relay's own writes show at once): the vault is
     * reloaded in the background every this many seconds.
     */
    @Inject
    @ConfigProperty(name = "modelgate.credentials.refresh.seconds", defaultValue = "5")
    int refreshSeconds;

    @Inject
    CredentialStore store;

    @Inject
    VaultReads reads;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    VaultWriter writer;

    private final CredentialCipher cipher = new CredentialCipher(new SecureRandom());
    private volatile MasterKeys keys;
    private volatile VaultCache cache;
    private ScheduledFuture<?> refreshing;

    /**
     * Opens every stored record, re-encrypts those under a previous master key, and fills the cache.
     *
     * @throws VaultException when a record cannot be opened or records exist without a master key: the
     *                        relay must not start serving with credentials it silently lost
     */
    void start() {
        Optional<MasterKeys> configured = MasterKeySettings.parse(masterKey, masterKeyFile, previousKeys);
        List<CredentialRow> rows = store.all();
        if (configured.isEmpty()) {
            if (!rows.isEmpty()) {
                throw new VaultException(rows.size() + " credential(s) are stored in the vault (" + names(rows)
                        + ") but no master key is configured: set MODELGATE_MASTER_KEY or MODELGATE_MASTER_KEY_FILE");
            }
            LOG.warning("no master key (MODELGATE_MASTER_KEY): the credential vault is off; credentials come from "
                    + "MODELGATE_CREDENTIALS_DIR and MODELGATE_CREDENTIAL_<NAME> only");
            return;
        }
        MasterKeys opened = configured.get();
        VaultOpening.Opened result = VaultOpening.open(rows, opened, cipher);
        result.resealed().forEach(writer::reseal);
        VaultCache fresh = new VaultCache(reads::all, row -> cipher.open(row.name(), row.sealed(), opened));
        fresh.load(result.entries());
        keys = opened;
        cache = fresh;
        // Off the request path: no request waits for the database read and the decrypts a refresh costs.
        long interval = Math.max(1, refreshSeconds);
        refreshing = scheduler.scheduleWithFixedDelay(fresh::refresh, interval, interval, TimeUnit.SECONDS);
        LOG.info("credential vault open under master key id " + opened.current().id() + ": " + rows.size()
                + " credential(s), " + result.resealed().size() + " re-encrypted from a previous key");
    }

    @PreDestroy
    void stop() {
        if (refreshing != null) {
            refreshing.cancel(false);
        }
    }

    public boolean enabled() {
        return cache != null;
    }

    public Optional<Secret> get(String name) {
        VaultCache c = cache;
        return c == null ? Optional.empty() : c.get(name).map(VaultEntry::secret);
    }

    /** Every stored credential's row, by name; never a value. */
    public List<CredentialRow> list() {
        VaultCache c = cache;
        return c == null ? List.of() : c.all().values().stream().map(VaultEntry::row)
                .sorted(Comparator.comparing(CredentialRow::name)).toList();
    }

    /** Creates or rotates a credential; in effect on this relay at once, on the others within the refresh interval. */
    public CredentialStore.Written put(String name, Secret value, String actor) {
        VaultCache c = requireOpen();
        CredentialStore.Written written = writer.put(name, cipher.seal(name, value, keys.current()), actor);
        c.written(new VaultEntry(written.row(), value));
        return written;
    }

    public Optional<CredentialRow> delete(String name, String actor) {
        VaultCache c = requireOpen();
        Optional<CredentialRow> removed = writer.delete(name, actor);
        removed.ifPresent(r -> c.removed(name));
        return removed;
    }

    private VaultCache requireOpen() {
        VaultCache c = cache;
        if (c == null) {
            throw new IllegalStateException("the credential vault is off (no MODELGATE_MASTER_KEY)");
        }
        return c;
    }

    private static String names(List<CredentialRow> rows) {
        List<String> names = rows.stream().map(CredentialRow::name).limit(10).toList();
        return String.join(", ", names) + (rows.size() > names.size() ? ", ..." : "");
    }
}
