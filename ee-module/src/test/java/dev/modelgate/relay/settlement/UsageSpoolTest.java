package dev.modelgate.relay.settlement;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The usage spool while the ledger is down and after it recovers: nothing lost, nothing counted twice, writes
 * backing off meanwhile, and the relay told to stop admitting once the spool is full.
 */
class UsageSpoolTest {

    private final AtomicLong now = new AtomicLong(1_000_000);

    /**
     * A ledger with the real one's contract: a (request id, attempt) is recorded once, whatever is written twice.
     * It can be down (refuses every write) or flaky (commits, then the answer is lost on the way back).
     */
    private static final class Ledger implements Function<List<UsageRecord>, List<UsageRecord>> {
        final Map<String, UsageRecord> rows = new HashMap<>();
        boolean down;
        boolean loseNextAnswer;
        int writes;

        @Override
        public List<UsageRecord> apply(List<UsageRecord> batch) {
            writes++;
            if (down) {
                throw new IllegalStateException("connection refused");
            }
            List<UsageRecord> fresh = new ArrayList<>();
            for (UsageRecord r : batch) {
                if (rows.putIfAbsent(r.requestId() + "#" + r.attempt(), r) == null) {
                    fresh.add(r);
                }
            }
            if (loseNextAnswer) {
                loseNextAnswer = false;
                throw new IllegalStateException("committed, but the connection broke before the answer");
            }
            return fresh;
        }

        long spent() {
            return rows.values().stream().mapToLong(UsageRecord::costMicros).sum();
        }
    }

    private static UsageRecord record(int i) {
        return new UsageRecord("gen-" + i, 1, new UsageRecord.Who("team", "key", "alias"), new UsageRecord.Where("sim", "m"),
                UsageRecord.Consumed.tokens(10, 0, 5), new UsageRecord.Result(200, "ok", false, 100), 7, Instant.EPOCH);
    }

    private UsageSpool spool(int capacity) {
        return new UsageSpool(capacity, 10, 200, 1_600, now::get);
    }

    @Test
    void whileTheLedgerIsDownNothingIsDroppedAndAfterItRecoversEverythingCountsOnce() {
        UsageSpool spool = spool(1_000);
        Ledger ledger = new Ledger();
        for (int i = 0; i < 25; i++) {
            spool.add(record(i));
        }
        assertThat(spool.flush(ledger, false)).isEqualTo(25);

        ledger.down = true;
        for (int i = 25; i < 80; i++) {
            spool.add(record(i));
            if (i % 10 == 0) {
                try {
                    spool.flush(ledger, false);
                } catch (IllegalStateException expected) {
                    // the writer reports it; the spool keeps the batch
                }
                now.addAndGet(100);
            }
        }
        assertThat(spool.pending()).isEqualTo(55);
        assertThat(spool.backingOff()).isTrue();

        ledger.down = false;
        ledger.loseNextAnswer = true; // the first write after recovery commits, but the relay never hears so
        assertThatThrownBy(() -> spool.flush(ledger, true)).isInstanceOf(IllegalStateException.class);
        assertThat(spool.pending()).as("kept, since the relay cannot know it was written").isEqualTo(55);
        now.addAndGet(2_000);
        assertThat(spool.flush(ledger, false)).isEqualTo(55);

        assertThat(spool.pending()).isZero();
        assertThat(ledger.rows).hasSize(80);
        assertThat(ledger.spent()).as("every request billed exactly once").isEqualTo(80 * 7);
    }

    @Test
    void writesBackOffWhileTheLedgerIsDownDoublingUpToTheCeiling() {
        UsageSpool spool = spool(1_000);
        Ledger ledger = new Ledger();
        ledger.down = true;
        spool.add(record(1));
        List<Long> gaps = new ArrayList<>();
        long lastTry = -1;
        for (int tick = 0; tick < 100; tick++) { // 10 s of 100 ms flush ticks
            int before = ledger.writes;
            try {
                spool.flush(ledger, false);
            } catch (IllegalStateException expected) {
                // down
            }
            if (ledger.writes > before) {
                if (lastTry >= 0) {
                    gaps.add(now.get() - lastTry);
                }
                lastTry = now.get();
            }
            now.addAndGet(100);
        }
        assertThat(gaps).startsWith(200L, 400L, 800L, 1_600L);
        assertThat(gaps).allSatisfy(g -> assertThat(g).isLessThanOrEqualTo(1_600L));
        ledger.down = false;
        now.addAndGet(1_600);
        assertThat(spool.flush(ledger, false)).isEqualTo(1);
        assertThat(spool.backingOff()).isFalse();
    }

    @Test
    void aFullSpoolStopsAdmissionsButKeepsWhatItIsGiven() {
        UsageSpool spool = spool(3);
        Ledger ledger = new Ledger();
        ledger.down = true;
        spool.add(record(1));
        spool.add(record(2));
        assertThat(spool.hasRoom()).isTrue();
        spool.add(record(3));
        assertThat(spool.hasRoom()).isFalse();
        spool.add(record(4)); // a request already in flight when the spool filled: still kept
        assertThat(spool.pending()).isEqualTo(4);

        ledger.down = false;
        assertThat(spool.flush(ledger, true)).isEqualTo(4);
        assertThat(spool.hasRoom()).isTrue();
        assertThat(ledger.rows).hasSize(4);
    }
}
