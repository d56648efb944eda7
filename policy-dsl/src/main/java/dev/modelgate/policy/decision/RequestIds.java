package dev.modelgate.policy.decision;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request ids unique across gateway nodes, relays and restarts: a random per-process part and a counter.
 * The relay uses the id as the decision's replay nonce, as the generation id and as the usage ledger's key,
 * so it must never repeat. A random UUID per request would cost a SecureRandom call on every request, and
 * would scatter the ledger's inserts over its whole primary-key index; these ids sort in the order they are
 * made (the counter has a fixed width), so one process's inserts land at one end of the index.
 */
public final class RequestIds {

    /** Counter digits in base 36: 36^10 ids per process before the width grows, far beyond any uptime. */
    private static final int WIDTH = 10;
    private static final String ZEROS = "0".repeat(WIDTH);

    private final String prefix;
    private final AtomicLong next = new AtomicLong();

    /** @param kind what the id names, the start of every id ("mg-" for gateway nodes, "gen-" for the relay) */
    public RequestIds(String kind) {
        byte[] node = new byte[8];
        new SecureRandom().nextBytes(node);
        this.prefix = kind + HexFormat.of().formatHex(node) + "-";
    }

    public String next() {
        String count = Long.toString(next.incrementAndGet(), 36);
        return count.length() >= WIDTH ? prefix + count : prefix + ZEROS.substring(count.length()) + count;
    }
}
