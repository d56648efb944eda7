package dev.modelgate.edge;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request ids unique across gateway nodes and restarts: a random per-process prefix and a counter.
 * The relay uses the id as the decision's replay nonce and as the generation id, so it must never
 * repeat; a random UUID per request would cost a SecureRandom call on every request for nothing more.
 */
public final class RequestIds {

    private final String prefix;
    private final AtomicLong next = new AtomicLong();

    public RequestIds() {
        byte[] node = new byte[8];
        new SecureRandom().nextBytes(node);
        this.prefix = "mg-" + HexFormat.of().formatHex(node) + "-";
    }

    public String next() {
        return prefix + Long.toString(next.incrementAndGet(), 36);
    }
}
