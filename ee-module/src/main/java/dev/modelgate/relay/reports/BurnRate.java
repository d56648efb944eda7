package dev.modelgate.relay.reports;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

/**
 * When a budget runs out at the pace it has been spent so far this period: a straight line from the period's start
 * through what is spent now, to where it meets the limit. Nothing when nothing is spent yet, or when the line meets
 * the limit only after the period ends (it starts again then).
 */
public final class BurnRate {

    private BurnRate() {
    }

    public static Optional<Instant> runOut(Instant periodStart, Instant periodEnd, Instant now, long spentMicros, long limitMicros) {
        if (spentMicros >= limitMicros) {
            return Optional.of(now); // spent already
        }
        long elapsedMillis = now.toEpochMilli() - periodStart.toEpochMilli();
        if (spentMicros <= 0 || elapsedMillis <= 0) {
            return Optional.empty();
        }
        // remaining / (spent / elapsed), in exact integers: micro-USD times milliseconds overflows a long
        long moreMillis = BigInteger.valueOf(limitMicros - spentMicros).multiply(BigInteger.valueOf(elapsedMillis))
                .divide(BigInteger.valueOf(spentMicros)).min(BigInteger.valueOf(Long.MAX_VALUE / 2)).longValueExact();
        Instant at = now.plusMillis(moreMillis);
        return at.isBefore(periodEnd) ? Optional.of(at) : Optional.empty();
    }
}
