package dev.modelgate.relay.settlement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An append-only file of the usage records that are not yet in the ledger, so that a relay killed with
 * SIGKILL (or by the OOM killer) loses none: the records are read back and written to the ledger when it
 * starts again. Each record is one JSON line, appended before the request's answer completes.
 *
 * <p>The journal is cut into segments. A flush of the spool first {@link #seal() seals} the segment being
 * written (new records go to the next one), and once the flush has written everything queued before the seal,
 * the sealed segments are {@link #discardThrough(long) deleted}. A record may so be in the ledger and still in a
 * segment when the relay dies; replaying it is harmless, because the ledger records a (request id, attempt) once.
 *
 * <p>Why no fsync: a write(2) is in the kernel's page cache when it returns, which survives the death of the
 * process, and that is the failure this journal is for. Surviving the loss of the machine itself is the
 * database's job (PostgreSQL's WAL) and would cost every request a disk flush. {@code force} (on for those who
 * want it) calls fsync after each append.
 */
final class UsageJournal implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(UsageJournal.class.getName());
    private static final Pattern SEGMENT = Pattern.compile("usage-(\\d{12})\\.jsonl");

    private final Path dir;
    private final boolean force;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private long segment;
    private FileChannel out;
    private boolean written;
    private boolean failing;

    /**
     * Opens the journal in {@code dir} (created if missing). Segments left by an earlier run stay for
     * {@link #recover()}; new records go to a segment after them.
     */
    UsageJournal(Path dir, boolean force) {
        this.dir = dir;
        this.force = force;
        try {
            Files.createDirectories(dir);
            segment = segments().stream().mapToLong(Long::longValue).max().orElse(0) + 1;
            out = open(segment);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the usage journal in " + dir, e);
        }
    }

    /**
     * Appends the record, then runs {@code then} (which hands it to the spool) before any {@link #seal()} can
     * come between: a record in a sealed segment is always already queued for the flush that discards it.
     * A journal that cannot be written (disk full) does not stop the request: the record is still queued, and
     * the failure is logged once until writes succeed again.
     */
    synchronized void append(UsageRecord record, Runnable then) {
        try {
            byte[] line = (json.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            if (force) {
                out.force(false);
            }
            written = true;
            if (failing) {
                failing = false;
                LOG.info("usage journal writes are back in " + dir);
            }
        } catch (IOException e) {
            if (!failing) {
                failing = true;
                LOG.log(Level.SEVERE, "usage journal write failed in " + dir + "; usage is kept in memory only until it is in the ledger", e);
            }
        } finally {
            then.run();
        }
    }

    /**
     * Closes the segment being written and opens the next. @return the sealed segment's number, or 0 when it
     * held nothing (then no new segment is started)
     */
    synchronized long seal() {
        if (!written) {
            return 0;
        }
        long sealed = segment;
        try {
            out.close();
            segment++;
            out = open(segment);
            written = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start usage journal segment " + segment + " in " + dir, e);
        }
        return sealed;
    }

    /** Deletes the segments up to and including {@code last}: their records are all in the ledger. */
    void discardThrough(long last) {
        try {
            for (long s : segments()) {
                if (s <= last && s != currentSegment()) {
                    Files.deleteIfExists(file(s));
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete written usage journal segments in " + dir + " (they are replayed harmlessly at the next start)", e);
        }
    }

    /**
     * The records an earlier run left in the journal, oldest first. A last line cut short by the kill is
     * skipped: its append had not returned, so its request had not been answered.
     */
    Recovered recover() {
        List<UsageRecord> records = new ArrayList<>();
        long last = 0;
        long current = currentSegment();
        try {
            for (long s : segments()) {
                if (s >= current) {
                    continue;
                }
                last = Math.max(last, s);
                try (BufferedReader in = Files.newBufferedReader(file(s), StandardCharsets.UTF_8)) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        if (line.isBlank()) {
                            continue;
                        }
                        try {
                            records.add(json.readValue(line, UsageRecord.class));
                        } catch (JsonProcessingException torn) {
                            LOG.warning("usage journal segment " + file(s) + " ends in a torn line, skipped");
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the usage journal in " + dir, e);
        }
        return new Recovered(records, last);
    }

    /** What {@link #recover()} read: the records, and the last segment they came from (0 for none). */
    record Recovered(List<UsageRecord> records, long lastSegment) {
    }

    private synchronized long currentSegment() {
        return segment;
    }

    private List<Long> segments() throws IOException {
        List<Long> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                Matcher m = SEGMENT.matcher(f.getFileName().toString());
                if (m.matches()) {
                    found.add(Long.parseLong(m.group(1)));
                }
            });
        }
        found.sort(null);
        return found;
    }

    private Path file(long s) {
        return dir.resolve(String.format("usage-%012d.jsonl", s));
    }

    private FileChannel open(long s) throws IOException {
        return FileChannel.open(file(s), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
            if (!written) {
                Files.deleteIfExists(file(segment));
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot close the usage journal in " + dir, e);
        }
    }
}
