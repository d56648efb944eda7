package dev.modelgate.relay.api;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request body read without blocking: the container calls {@link #onDataAvailable} as bytes arrive, so a
 * client sending slowly holds no thread between its packets. Exactly one of the outcomes happens, once: the
 * whole body ({@link Outcome#read}), a body over the limit or broken ({@link Outcome#failed}), or the deadline
 * ({@link #expire}), whichever comes first.
 */
final class AsyncBody implements ReadListener {

    /** What is done with the body; called on a container thread (or the deadline's timer thread for a timeout). */
    interface Outcome {
        void read(byte[] body);

        /** @param tooLarge over the limit, rather than broken off */
        void failed(boolean tooLarge);

        void timedOut();
    }

    private final ServletInputStream in;
    private final int maxBytes;
    private final Outcome outcome;
    private final AtomicBoolean settled = new AtomicBoolean();
    private byte[] buffer;
    private int length;
    private volatile ScheduledFuture<?> deadline;

    /**
     * @param started what was already read without waiting (the bytes that came with the headers)
     * @param declared the declared length, or -1 for a chunked body
     */
    AsyncBody(ServletInputStream in, int maxBytes, long declared, byte[] started, int startedLength, Outcome outcome) {
        this.in = in;
        this.maxBytes = maxBytes;
        this.outcome = outcome;
        this.buffer = declared >= 0 ? Arrays.copyOf(started, (int) declared) : Arrays.copyOf(started, Math.max(startedLength, 4096));
        this.length = startedLength;
    }

    void deadline(ScheduledFuture<?> deadline) {
        this.deadline = deadline;
    }

    @Override
    public void onDataAvailable() throws IOException {
        while (in.isReady() && !in.isFinished()) {
            if (length == buffer.length) {
                if (buffer.length >= maxBytes) {
                    fail(true);
                    return;
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min(maxBytes + 1L, 2L * buffer.length));
            }
            int n = in.read(buffer, length, buffer.length - length);
            if (n < 0) {
                break;
            }
            length += n;
            if (length > maxBytes) {
                fail(true);
                return;
            }
        }
    }

    @Override
    public void onAllDataRead() {
        if (settle()) {
            outcome.read(length == buffer.length ? buffer : Arrays.copyOf(buffer, length));
        }
    }

    @Override
    public void onError(Throwable t) {
        fail(false);
    }

    /** The deadline passed: answered with a timeout unless the body came in first. */
    void expire() {
        if (settled.compareAndSet(false, true)) {
            outcome.timedOut();
        }
    }

    private void fail(boolean tooLarge) {
        if (settle()) {
            outcome.failed(tooLarge);
        }
    }

    private boolean settle() {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        ScheduledFuture<?> d = deadline;
        if (d != null) {
            d.cancel(false);
        }
        return true;
    }
}
