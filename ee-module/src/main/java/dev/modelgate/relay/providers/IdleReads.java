package dev.modelgate.relay.providers;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A read timeout for answer bodies. The JDK client's timeout ends when the answer's headers arrive; after that
 * a read waits as long as the provider keeps the connection open. A provider that stalls mid-answer would hold
 * the relay's thread (and the client) for good, so one ticker thread closes any body whose current read has
 * waited longer than the provider's timeout: the read then fails like a broken connection, and the stream
 * ends with the relay's error event. Only a read in progress counts: a client that is slow to take the answer
 * does not time the provider out.
 */
final class IdleReads implements AutoCloseable {

    static final long TICK_MILLIS = 100;

    private final Set<Watched> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker;

    IdleReads() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "modelgate-upstream-reads");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        this.ticker = executor;
    }

    /** {@code body}, closed when one read waits longer than {@code timeoutNanos}; unwatched once closed. */
    InputStream watch(InputStream body, long timeoutNanos) {
        Watched watched = new Watched(body, timeoutNanos);
        open.add(watched);
        return watched;
    }

    int watching() {
        return open.size();
    }

    private void tick() {
        long now = System.nanoTime();
        for (Watched w : open) {
            long since = w.readingSince;
            if (since != 0 && now - since > w.timeoutNanos) {
                w.expire();
            }
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }

    private final class Watched extends FilterInputStream {

        private final long timeoutNanos;
        /** When the read in progress started, 0 when none is. */
        private volatile long readingSince;
        private volatile boolean expired;

        Watched(InputStream in, long timeoutNanos) {
            super(in);
            this.timeoutNanos = timeoutNanos;
        }

        @Override
        public int read() throws IOException {
            readingSince = System.nanoTime();
            try {
                int b = super.read();
                return ended(b);
            } catch (IOException e) {
                throw timedOutOr(e);
            } finally {
                readingSince = 0;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            readingSince = System.nanoTime();
            try {
                return ended(super.read(b, off, len));
            } catch (IOException e) {
                throw timedOutOr(e);
            } finally {
                readingSince = 0;
            }
        }

        private int ended(int n) {
            if (n < 0) {
                open.remove(this);
            }
            return n;
        }

        private IOException timedOutOr(IOException e) {
            open.remove(this);
            return expired ? new java.net.SocketTimeoutException("the provider sent nothing for longer than its timeout") : e;
        }

        void expire() {
            expired = true;
            open.remove(this);
            try {
                in.close(); // the blocked read fails; the connection is dropped, which cancels the provider's generation
            } catch (IOException e) {
                // closing a stream that is already broken
            }
        }

        @Override
        public void close() throws IOException {
            open.remove(this);
            super.close();
        }
    }
}
