package dev.modelgate.relay.credentials;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static dev.modelgate.relay.credentials.CredentialCipherTest.newKey;
import static org.assertj.core.api.Assertions.assertThat;

/** The cache stands between every request and a database other relays write to; a background task refreshes it. */
class VaultCacheTest {

    private final CredentialCipher cipher = new CredentialCipher(new SecureRandom());
    private final MasterKey key = newKey();
    private final MasterKeys keys = new MasterKeys(key, List.of());
    private final List<CredentialRow> database = new ArrayList<>();
    private final AtomicInteger loads = new AtomicInteger();
    private final VaultCache cache = cache(() -> {
        loads.incrementAndGet();
        return List.copyOf(database);
    });

    private VaultCache cache(Supplier<List<CredentialRow>> loader) {
        return new VaultCache(loader, row -> cipher.open(row.name(), row.sealed(), keys));
    }

    private CredentialRow row(String name, String value, long version, MasterKey under) {
        return new CredentialRow(name, cipher.seal(name, new Secret(value), under), version, Instant.EPOCH, Instant.EPOCH);
    }

    private static String value(VaultCache cache, String name) {
        return cache.get(name).map(e -> e.secret().reveal()).orElse(null);
    }

    private String value(String name) {
        return value(cache, name);
    }

    @Test
    void anotherRelaysWriteIsSeenAtTheNextRefreshAndNotBefore() {
        cache.load(Map.of());
        database.add(row("p", "first", 1, key));
        assertThat(value("p")).as("until the refresh the snapshot stands").isNull();
        assertThat(cache.all()).isEmpty();
        assertThat(loads).as("reading never loads").hasValue(0);

        cache.refresh();
        assertThat(value("p")).isEqualTo("first");
        assertThat(loads).hasValue(1);

        database.set(0, row("p", "second", 2, key));
        assertThat(value("p")).isEqualTo("first");
        cache.refresh();
        assertThat(value("p")).isEqualTo("second");

        database.clear();
        cache.refresh();
        assertThat(value("p")).as("deleted elsewhere").isNull();
        assertThat(loads).hasValue(3);
    }

    @Test
    void aLocalWriteIsInEffectAtOnce() {
        cache.load(Map.of());
        CredentialRow stored = row("p", "rotated", 2, key);
        database.add(stored);
        cache.written(new VaultEntry(stored, new Secret("rotated")));
        assertThat(value("p")).isEqualTo("rotated");
        assertThat(loads).hasValue(0);
        cache.removed("p");
        assertThat(value("p")).isNull();
    }

    @Test
    void aValueTakenBeforeARotationIsUnchangedForItsHolder() {
        CredentialRow v1 = row("p", "old-key", 1, key);
        cache.load(Map.of("p", new VaultEntry(v1, new Secret("old-key"))));
        Secret inFlight = cache.get("p").orElseThrow().secret();
        cache.written(new VaultEntry(row("p", "new-key", 2, key), new Secret("new-key")));
        assertThat(inFlight.reveal()).isEqualTo("old-key");
        assertThat(value("p")).isEqualTo("new-key");
    }

    @Test
    void aRecordThisRelayCannotOpenKeepsTheValueItHad() {
        CredentialRow v1 = row("p", "known", 1, key);
        cache.load(Map.of("p", new VaultEntry(v1, new Secret("known"))));
        database.add(row("p", "under-a-key-we-lack", 2, newKey()));
        cache.refresh();
        assertThat(value("p")).isEqualTo("known");
    }

    @Test
    void aDatabaseOutageKeepsTheSnapshotAndTheNextRefreshRecovers() {
        AtomicInteger calls = new AtomicInteger();
        VaultCache flaky = cache(() -> {
            if (calls.incrementAndGet() <= 2) {
                throw new IllegalStateException("connection refused");
            }
            return List.of(row("p", "after", 2, key));
        });
        flaky.load(Map.of("p", new VaultEntry(row("p", "before", 1, key), new Secret("before"))));
        flaky.refresh(); // does not throw: a scheduled task that throws is never run again
        assertThat(value(flaky, "p")).isEqualTo("before");
        flaky.refresh();
        assertThat(value(flaky, "p")).as("still down").isEqualTo("before");
        assertThat(flaky.all()).containsOnlyKeys("p");
        flaky.refresh();
        assertThat(value(flaky, "p")).isEqualTo("after");
        assertThat(calls).hasValue(3);
    }

    @Test
    @Timeout(10)
    void requestsReadTheSnapshotWithoutWaitingWhileARefreshIsStuckOrFailing() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch databaseAnswers = new CountDownLatch(1);
        VaultCache slow = cache(() -> {
            reading.countDown();
            try {
                databaseAnswers.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("connection reset");
        });
        slow.load(Map.of("p", new VaultEntry(row("p", "working", 1, key), new Secret("working"))));
        CompletableFuture<Void> refresh = CompletableFuture.runAsync(slow::refresh);
        assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();

        // On this thread, while the refresh holds its lock inside the database read: answered at once.
        assertThat(value(slow, "p")).isEqualTo("working");
        assertThat(slow.all()).containsOnlyKeys("p");

        databaseAnswers.countDown();
        refresh.get(5, TimeUnit.SECONDS);
        assertThat(value(slow, "p")).as("the failed refresh dropped nothing").isEqualTo("working");
    }

    @Test
    @Timeout(10)
    void aLocalWriteDuringARefreshIsNotUndoneByTheOlderRowsTheRefreshRead() throws Exception {
        CredentialRow v1 = row("p", "old-key", 1, key);
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch databaseAnswers = new CountDownLatch(1);
        VaultCache racing = cache(() -> {
            reading.countDown();
            try {
                databaseAnswers.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(v1); // read before the local write committed
        });
        racing.load(Map.of("p", new VaultEntry(v1, new Secret("old-key"))));
        CompletableFuture<Void> refresh = CompletableFuture.runAsync(racing::refresh);
        assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> write = CompletableFuture.runAsync(
                () -> racing.written(new VaultEntry(row("p", "new-key", 2, key), new Secret("new-key"))));

        databaseAnswers.countDown();
        refresh.get(5, TimeUnit.SECONDS);
        write.get(5, TimeUnit.SECONDS);
        assertThat(value(racing, "p")).isEqualTo("new-key");
    }
}
