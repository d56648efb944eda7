package dev.modelgate.relay.settlement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The usage journal across a kill: what was appended and not yet discarded is read back whole, with every
 * field; sealed segments go once their records are written; a line torn by the kill is skipped, not fatal.
 * A "kill" here is dropping the journal without {@link UsageJournal#close()}: the files are what a killed
 * process leaves, since every append is a completed write(2).
 */
class UsageJournalTest {

    @TempDir
    Path dir;

    static UsageRecord record(String id, int attempt, long cost) {
        return new UsageRecord(id, attempt, new UsageRecord.Who("team-a", "key-1", "chat"), new UsageRecord.Where("openai", "gpt-4o"),
                new UsageRecord.Consumed(120, 20, 30, 10, 45, 7, 1, 1500), new UsageRecord.Result(200, "ok", true, 8_123),
                cost, Instant.parse("2026-12-02T10:15:30.123456Z"));
    }

    @Test
    void whatAKilledRunAppendedIsReadBackWithEveryField() {
        UsageJournal before = new UsageJournal(dir, false);
        List<UsageRecord> queued = new ArrayList<>();
        UsageRecord a = record("req-1", 1, 0);
        UsageRecord b = record("req-1", 2, 1_234_567);
        before.append(a, () -> queued.add(a));
        before.append(b, () -> queued.add(b));
        assertThat(queued).as("handed on after the append").containsExactly(a, b);
        // killed here: no close

        UsageJournal after = new UsageJournal(dir, false);
        UsageJournal.Recovered recovered = after.recover();
        assertThat(recovered.records()).containsExactly(a, b);
        after.discardThrough(recovered.lastSegment());
        assertThat(new UsageJournal(dir, false).recover().records()).as("replayed once, then gone").isEmpty();
    }

    @Test
    void sealedSegmentsAreDiscardedOnceWrittenAndNewRecordsStay() throws IOException {
        UsageJournal journal = new UsageJournal(dir, false);
        journal.append(record("req-1", 1, 10), () -> { });
        long sealed = journal.seal();
        assertThat(sealed).isPositive();
        journal.append(record("req-2", 1, 20), () -> { });
        journal.discardThrough(sealed);
        assertThat(journal.seal()).as("the new segment held a record").isGreaterThan(sealed);
        assertThat(segments()).hasSize(2);

        UsageJournal restarted = new UsageJournal(dir, false);
        assertThat(restarted.recover().records()).extracting(UsageRecord::requestId).containsExactly("req-2");
    }

    @Test
    void anEmptySegmentIsNotSealedAndACleanCloseLeavesNothing() throws IOException {
        UsageJournal journal = new UsageJournal(dir, false);
        assertThat(journal.seal()).isZero();
        journal.append(record("req-1", 1, 10), () -> { });
        journal.discardThrough(journal.seal());
        journal.close();
        assertThat(segments()).isEmpty();
    }

    @Test
    void aLineTornByTheKillIsSkippedAndTheRestRecovered() throws IOException {
        UsageJournal journal = new UsageJournal(dir, false);
        journal.append(record("req-1", 1, 10), () -> { });
        journal.append(record("req-2", 1, 10), () -> { });
        Path segment = segments().get(0);
        Files.write(segment, "{\"requestId\":\"req-3\",\"attem".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

        assertThat(new UsageJournal(dir, false).recover().records()).extracting(UsageRecord::requestId)
                .containsExactly("req-1", "req-2");
    }

    @Test
    void withFsyncTheRecordsAreTheSame() {
        UsageJournal journal = new UsageJournal(dir, true);
        journal.append(record("req-1", 1, 10), () -> { });
        assertThat(new UsageJournal(dir, false).recover().records()).containsExactly(record("req-1", 1, 10));
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> Files.isRegularFile(f)).sorted().toList();
        }
    }
}
