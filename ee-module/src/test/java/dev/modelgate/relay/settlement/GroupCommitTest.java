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
import java.util.function.Function;
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
        return IntStream.range(0, n).mapToObj(i -> new UsageRecord(prefix + "-" + i, 1,
                new UsageRecord.Who("team", null, null), new UsageRecord.Where("p", "m"), UsageRecord.Consumed.tokens(1, 0, 1),
                new UsageRecord.Result(200, "ok", false, 0), 1, Instant.EPOCH)).toList();
    }

    /** All or nothing, like UsageRows.insertAll: fails on any id already stored. */
    private final Function<List<UsageRecord>, List<UsageRecord>> strict = records -> {
        calls.add("strict " + records.size());
        synchronized (stored) {
            if (records.stream().anyMatch(r -> stored.contains(r.requestId()))) {
                throw new IllegalStateException("duplicate key");
            }
            records.forEach(r -> stored.add(r.requestId()));
        }
        return records;
    };

    /** Skips ids already stored, like insertAll falling back to insertNew. */
    private final Function<List<UsageRecord>, List<UsageRecord>> tolerant = records -> {
        calls.add("tolerant " + records.size());
        List<UsageRecord> fresh = new ArrayList<>();
        for (UsageRecord r : records) {
            if (stored.add(r.requestId())) {
                fresh.add(r);
            }
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
            return tolerant.apply(records);
        }, 10_000, 1);

        Future<List<UsageRecord>> first = callers.submit(() -> commits.write(batch("first", 3)));
        firstWriteStarted.await();
        List<Future<List<UsageRecord>>> later = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String prefix = "later" + i;
            later.add(callers.submit(() -> commits.write(batch(prefix, 5))));
        }
        awaitWaiting(commits, 4);
        release.countDown();

        assertThat(first.get()).hasSize(3);
        for (int i = 0; i < later.size(); i++) {
            String own = "later" + i + "-";
            assertThat(later.get(i).get()).as("each caller learns which of its own records were new").hasSize(5)
                    .allSatisfy(r -> assertThat(r.requestId()).startsWith(own));
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
            return tolerant.apply(records);
        }, 10_000, 1);

        Future<List<UsageRecord>> blocker = callers.submit(() -> commits.write(batch("blocker", 1)));
        blockerStarted.await();
        Future<List<UsageRecord>> fresh = callers.submit(() -> commits.write(batch("fresh", 4)));
        awaitWaiting(commits, 1);
        Future<List<UsageRecord>> replay = callers.submit(() -> commits.write(batch("replayed", 4)));
        awaitWaiting(commits, 2);
        release.countDown();

        assertThat(blocker.get()).hasSize(1);
        assertThat(fresh.get()).extracting(UsageRecord::requestId).containsExactly("fresh-0", "fresh-1", "fresh-2", "fresh-3");
        assertThat(replay.get()).extracting(UsageRecord::requestId).as("replayed-1 was recorded before")
                .containsExactly("replayed-0", "replayed-2", "replayed-3");
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
            return records;
        }, 10_000, 1);

        Future<List<UsageRecord>> blocker = callers.submit(() -> commits.write(batch("blocker", 1)));
        blockerStarted.await();
        Future<List<UsageRecord>> bad = callers.submit(() -> commits.write(batch("bad", 2)));
        awaitWaiting(commits, 1);
        Future<List<UsageRecord>> good = callers.submit(() -> commits.write(batch("good", 2)));
        awaitWaiting(commits, 2);
        release.countDown();

        assertThat(blocker.get()).hasSize(1);
        assertThat(good.get()).hasSize(2);
        assertThatThrownBy(bad::get).hasRootCauseInstanceOf(IllegalStateException.class).hasRootCauseMessage("value too long");
    }

    @Test
    void aGroupStopsGrowingAtItsRecordLimitAndOnlyOneWriterWritesAtATime() throws Exception {
        AtomicInteger writing = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Integer> groupSizes = Collections.synchronizedList(new ArrayList<>());
        Function<List<UsageRecord>, List<UsageRecord>> counting = records -> {
            most.accumulateAndGet(writing.incrementAndGet(), Math::max);
            groupSizes.add(records.size());
            Thread.yield();
            writing.decrementAndGet();
            return records;
        };
        GroupCommit commits = new GroupCommit(counting, counting, 25, 1);

        List<Future<List<UsageRecord>>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String prefix = "b" + i;
            all.add(callers.submit(() -> commits.write(batch(prefix, 10))));
        }
        for (Future<List<UsageRecord>> f : all) {
            assertThat(f.get()).hasSize(10);
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
