package dev.modelgate.simulator;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Anthropic's prompt cache, as one simulator keeps it. A prefix that ends at a {@code cache_control} breakpoint is
 * written the first time it is seen and read every time after: the longest prefix seen before is read, and each
 * segment from there to the request's last breakpoint is written at its breakpoint's TTL (5 minutes, or 1 hour with
 * {@code ttl: 1h}). Prefixes are keyed by their content (the model, then tools, system and message blocks without
 * their breakpoints), so tests that send their own content do not depend on each other's order, and
 * {@link SimulatedProvider#clear()} forgets everything. Nothing expires: a test does not wait five minutes.
 */
final class PromptCache {

    /** Where a prefix ends: its key, the prompt tokens up to and including its block, and its TTL. */
    record Breakpoint(String key, int tokensUpTo, boolean oneHour) {
    }

    /** What one request did with the cache, in prompt tokens. */
    record Use(int read, int written5m, int written1h) {

        static final Use NONE = new Use(0, 0, 0);

        int written() {
            return written5m + written1h;
        }
    }

    private final Set<String> written = ConcurrentHashMap.newKeySet();

    /** Reads what was written before and writes the rest, up to the last breakpoint. */
    Use use(List<Breakpoint> breakpoints) {
        int read = 0;
        int lastRead = -1;
        for (int i = 0; i < breakpoints.size(); i++) {
            if (written.contains(breakpoints.get(i).key())) {
                read = breakpoints.get(i).tokensUpTo();
                lastRead = i;
            }
        }
        int fiveMinutes = 0;
        int oneHour = 0;
        int from = read;
        for (int i = lastRead + 1; i < breakpoints.size(); i++) {
            Breakpoint b = breakpoints.get(i);
            int segment = Math.max(0, b.tokensUpTo() - from);
            if (b.oneHour()) {
                oneHour += segment;
            } else {
                fiveMinutes += segment;
            }
            from = Math.max(from, b.tokensUpTo());
            written.add(b.key());
        }
        return new Use(read, fiveMinutes, oneHour);
    }

    void clear() {
        written.clear();
    }
}
