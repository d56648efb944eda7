package dev.modelgate.relay.health;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long each deployment's latest served calls took, for operators: the median and 95th percentile of the whole
 * call and, for streams, of the time to the first token, over the last {@code window} calls of each kind. Routing
 * does not read it (it has the EWMA in {@code LiveStats}); the console and the health feed show it.
 */
public final class CallTimes {

    /** Percentiles in milliseconds, and how many calls they cover; a percentile is -1 before any call. */
    public record Percentiles(double p50Ms, double p95Ms, int calls) {
    }

    /** A deployment's call durations and times to first token. */
    public record Timings(Percentiles call, Percentiles firstToken) {
    }

    private final int window;
    private final Map<String, Ring> calls = new ConcurrentHashMap<>();
    private final Map<String, Ring> firstTokens = new ConcurrentHashMap<>();

    public CallTimes(int window) {
        this.window = window;
    }

    /** A served call: its whole duration and, for a stream, the time to its first token (0 for none). */
    public void served(String deployment, long callMicros, long firstTokenMicros) {
        calls.computeIfAbsent(deployment, d -> new Ring(window)).add(callMicros);
        if (firstTokenMicros > 0) {
            firstTokens.computeIfAbsent(deployment, d -> new Ring(window)).add(firstTokenMicros);
        }
    }

    public Timings of(String deployment) {
        return new Timings(percentiles(calls.get(deployment)), percentiles(firstTokens.get(deployment)));
    }

    private static Percentiles percentiles(Ring ring) {
        long[] values = ring == null ? new long[0] : ring.values();
        if (values.length == 0) {
            return new Percentiles(-1, -1, 0);
        }
        Arrays.sort(values);
        return new Percentiles(nearestRank(values, 50) / 1000.0, nearestRank(values, 95) / 1000.0, values.length);
    }

    /** The nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
    static long nearestRank(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** The last {@code size} values; adding takes a short lock, reading copies. */
    private static final class Ring {
        private final long[] values;
        private int next;
        private int count;

        Ring(int size) {
            values = new long[size];
        }

        synchronized void add(long value) {
            values[next] = value;
            next = (next + 1) % values.length;
            count = Math.min(count + 1, values.length);
        }

        synchronized long[] values() {
            return Arrays.copyOf(values, count); // the first `count` slots are filled until the ring wraps, then all are
        }
    }
}
