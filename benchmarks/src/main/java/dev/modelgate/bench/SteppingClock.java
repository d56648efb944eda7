package dev.modelgate.bench;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that moves forward a fixed step each time it is read, so that the sliding rate windows
 * roll over as they would under steady traffic instead of filling up and answering 429.
 */
final class SteppingClock extends Clock {

    private final long stepNanos;
    private long nanos;

    SteppingClock(Instant start, long stepNanos) {
        this.nanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
        this.stepNanos = stepNanos;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        nanos += stepNanos;
        return Instant.ofEpochSecond(0, nanos);
    }

    @Override
    public long millis() {
        nanos += stepNanos;
        return nanos / 1_000_000L;
    }
}
