package dev.modelgate.relay.settlement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Batches that wait for the ledger's writer are written together, and each caller still gets its own answer. */
@Timeout(30)
class GroupCommitTest {

    private final ExecutorService callers = Executors.newCachedThreadPool();
    /** The sizes of the groups each writer was given, in order. */
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    /** What the "database" holds: request ids. */
    private final Set<String> stored = Collections.synchronizedSet(new HashSet<>());

    private static List<UsageRecord> batch(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> new UsageRecord(prefix + "-" + i, 1, "team", null, null, "p", "m",
                1, 0, 1, 0, 0, 0, 0, 200, "ok", false, 1, Instant.EPOCH)).toList();
    }

    /** All or nothing, like UsageRows.insertAll: fails on any id already stored. */
    private final ToIntFunction<List<UsageRecord>> strict = records -> {
        calls.add("strict " + records.size());
        synchronized (stored) {
            if (records.stream().anyMatch(r -> stored.contains(r.requestId()))) {
                throw new IllegalStateException("duplicate key");
            }
            records.forEach(r -> stored.add(r.requestId()));
        }
        return records.size();
    };

    /** Skips ids already stored, like insertAll falling back to insertNew. */
    private final ToIntFunction<List<UsageRecord>> tolerant = records -> {
        calls.add("tolerant " + records.size());
        int fresh = 0;
        for (UsageRecord r : records) {
            fresh += stored.add(r.requestId()) ? 1 : 0;
        }
        return fresh;
    };

    private static void awaitWaiting(GroupCommit commits, int n) throws InterruptedException {
        while (commits.waiting() < n) {
            Thread.sleep(1);
        }
    }

    @Test
    void batchesArrivingDuringAWriteAreWrittenTogetherInOneTransaction() throws Exception {
        CountDownLatch firstWriteStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit commits = new GroupCommit(strict, records -> {
            if (records.get(0).requestId().startsWith("first")) {
                firstWriteStarted.countDown();
                await(release);
            }
            return tolerant.applyAsInt(records);
        }, 10_000, 1);

        Future<Integer> first = callers.submit(() -> commits.write(batch("first", 3)));
        firstWriteStarted.await();
        List<Future<Integer>> later = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String prefix = "later" + i;
            later.add(callers.submit(() -> commits.write(batch(prefix, 5))));
        }
        awaitWaiting(commits, 4);
        release.countDown();

        assertThat(first.get()).isEqualTo(3);
        for (Future<Integer> f : later) {
            assertThat(f.get()).as("each caller learns how many of its own records were new").isEqualTo(5);
        }
        assertThat(calls).as("the four waiting batches went to the database as one").containsExactly("tolerant 3", "strict 20");
        assertThat(stored).hasSize(23);
    }

    @Test
    void aGroupHoldingARecordedEventIsWrittenAgainBatchByBatchAndNothingIsBilledTwice() throws Exception {
        stored.add("replayed-1");
        CountDownLatch blockerStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit commits = new GroupCommit(strict, records -> {
            if (records.get(0).requestId().startsWith("blocker")) {
                blockerStarted.countDown();
                await(release);
            }
            return tolerant.applyAsInt(records);
        }, 10_000, 1);

        Future<Integer> blocker = callers.submit(() -> commits.write(batch("blocker", 1)));
        blockerStarted.await();
        Future<Integer> fresh = callers.submit(() -> commits.write(batch("fresh", 4)));
        awaitWaiting(commits, 1);
        Future<Integer> replay = callers.submit(() -> commits.write(batch("replayed", 4)));
        awaitWaiting(commits, 2);
        release.countDown();

        assertThat(blocker.get()).isEqualTo(1);
        assertThat(fresh.get()).isEqualTo(4);
        assertThat(replay.get()).as("replayed-1 was recorded before").isEqualTo(3);
        assertThat(calls).containsExactly("tolerant 1", "strict 8", "tolerant 4", "tolerant 4");
        assertThat(stored).hasSize(1 + 1 + 4 + 3);
    }

    @Test
    void aBatchTheDatabaseRefusesFailsOnlyItsOwnCaller() throws Exception {
        CountDownLatch blockerStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit commits = new GroupCommit(records -> {
            throw new IllegalStateException("value too long");
        }, records -> {
            String id = records.get(0).requestId();
            if (id.startsWith("blocker")) {
                blockerStarted.countDown();
                await(release);
            }
            if (id.startsWith("bad")) {
                throw new IllegalStateException("value too long");
            }
            return records.size();
        }, 10_000, 1);

        Future<Integer> blocker = callers.submit(() -> commits.write(batch("blocker", 1)));
        blockerStarted.await();
        Future<Integer> bad = callers.submit(() -> commits.write(batch("bad", 2)));
        awaitWaiting(commits, 1);
        Future<Integer> good = callers.submit(() -> commits.write(batch("good", 2)));
        awaitWaiting(commits, 2);
        release.countDown();

        assertThat(blocker.get()).isEqualTo(1);
        assertThat(good.get()).isEqualTo(2);
        assertThatThrownBy(bad::get).hasRootCauseInstanceOf(IllegalStateException.class).hasRootCauseMessage("value too long");
    }

    @Test
    void aGroupStopsGrowingAtItsRecordLimitAndOnlyOneWriterWritesAtATime() throws Exception {
        AtomicInteger writing = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Integer> groupSizes = Collections.synchronizedList(new ArrayList<>());
        ToIntFunction<List<UsageRecord>> counting = records -> {
            most.accumulateAndGet(writing.incrementAndGet(), Math::max);
            groupSizes.add(records.size());
            Thread.yield();
            writing.decrementAndGet();
            return records.size();
        };
        GroupCommit commits = new GroupCommit(counting, counting, 25, 1);

        List<Future<Integer>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String prefix = "b" + i;
            all.add(callers.submit(() -> commits.write(batch(prefix, 10))));
        }
        for (Future<Integer> f : all) {
            assertThat(f.get()).isEqualTo(10);
        }
        assertThat(most.get()).isEqualTo(1);
        assertThat(groupSizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(25));
        assertThat(groupSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(2000);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
