package dev.modelgate.relay.credentials;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static dev.modelgate.relay.credentials.CredentialCipherTest.newKey;
import static org.assertj.core.api.Assertions.assertThat;

/** The cache stands between every request and a database other relays write to. */
class VaultCacheTest {

    private final CredentialCipher cipher = new CredentialCipher(new SecureRandom());
    private final MasterKey key = newKey();
    private final MasterKeys keys = new MasterKeys(key, List.of());
    private final AtomicLong clock = new AtomicLong(1_000);
    private final List<CredentialRow> database = new ArrayList<>();
    private final AtomicInteger loads = new AtomicInteger();
    private final VaultCache cache = new VaultCache(() -> {
        loads.incrementAndGet();
        return List.copyOf(database);
    }, row -> cipher.open(row.name(), row.sealed(), keys), Duration.ofNanos(100), clock::get);

    private CredentialRow row(String name, String value, long version, MasterKey under) {
        return new CredentialRow(name, cipher.seal(name, new Secret(value), under), version, Instant.EPOCH, Instant.EPOCH);
    }

    private String value(String name) {
        return cache.get(name).map(e -> e.secret().reveal()).orElse(null);
    }

    @Test
    void anotherRelaysWriteIsSeenOnceTheIntervalHasPassedAndNotBefore() {
        cache.load(Map.of());
        database.add(row("p", "first", 1, key));
        assertThat(value("p")).as("within the interval the snapshot stands").isNull();
        assertThat(loads).hasValue(0);

        clock.addAndGet(100);
        assertThat(value("p")).isEqualTo("first");
        assertThat(loads).hasValue(1);

        database.set(0, row("p", "second", 2, key));
        clock.addAndGet(50);
        assertThat(value("p")).isEqualTo("first");
        clock.addAndGet(50);
        assertThat(value("p")).isEqualTo("second");

        database.clear();
        clock.addAndGet(100);
        assertThat(value("p")).as("deleted elsewhere").isNull();
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
        clock.addAndGet(100);
        assertThat(value("p")).isEqualTo("known");
    }

    @Test
    void aDatabaseOutageKeepsTheSnapshotAndRetriesLater() {
        AtomicInteger calls = new AtomicInteger();
        VaultCache flaky = new VaultCache(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("connection refused");
            }
            return List.of(row("p", "after", 2, key));
        }, row -> cipher.open(row.name(), row.sealed(), keys), Duration.ofNanos(100), clock::get);
        flaky.load(Map.of("p", new VaultEntry(row("p", "before", 1, key), new Secret("before"))));
        clock.addAndGet(100);
        assertThat(flaky.get("p").orElseThrow().secret().reveal()).isEqualTo("before");
        assertThat(flaky.get("p").orElseThrow().secret().reveal()).as("no retry storm within the interval").isEqualTo("before");
        assertThat(calls).hasValue(1);
        clock.addAndGet(100);
        assertThat(flaky.get("p").orElseThrow().secret().reveal()).isEqualTo("after");
    }
}
