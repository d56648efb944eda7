package dev.modelgate.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** Writes answers on an exchange, including streams that misbehave on command (cut, slow, error event). */
final class Wire {

    /** Waits, but wakes early when the simulator stops, so a closing simulator never hangs on a sleeping handler. */
    @FunctionalInterface
    interface Pause {
        void sleep(long millis);
    }

    private final Pause pause;

    Wire(Pause pause) {
        this.pause = pause;
    }

    static void json(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, 200, body);
    }

    static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (!exchange.getResponseHeaders().containsKey("Content-Type") && body.length > 0) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    /**
     * Streams SSE events, then {@code end} (null when the format has no terminator). A {@link Fault.CutStream}
     * drops the connection after N events, a {@link Fault.StallStream} goes silent after N events, a
     * {@link Fault.SlowStream} waits before each event, and a
     * {@link Fault.ErrorEvent} sends {@code errorEvent} after N events instead of the rest and ends cleanly.
     */
    void stream(HttpExchange exchange, List<byte[]> events, byte[] end, Fault fault, byte[] errorEvent) throws IOException {
        int cutAfter = fault instanceof Fault.CutStream c ? c.afterChunks() : -1;
        int stallAfter = fault instanceof Fault.StallStream s ? s.afterChunks() : -1;
        int errorAfter = fault instanceof Fault.ErrorEvent e ? Math.min(e.afterChunks(), events.size()) : -1;
        long chunkDelayMillis = fault instanceof Fault.SlowStream slow ? slow.chunkDelayMillis() : 0;
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        int sent = 0;
        for (byte[] event : events) {
            if (sent == cutAfter) {
                // Abandon the exchange mid-answer: the JDK server then drops the connection without the
                // closing chunk, which is what a provider crash looks like to the client.
                throw new StreamCut();
            }
            if (sent == stallAfter) {
                pause.sleep(SimulatedProvider.MAX_STALL_MILLIS); // until the client gives up or the simulator stops
                throw new StreamCut();
            }
            if (sent == errorAfter) {
                break;
            }
            if (chunkDelayMillis > 0) {
                pause.sleep(chunkDelayMillis);
            }
            out.write(event);
            out.flush();
            sent++;
        }
        byte[] last = errorAfter >= 0 ? errorEvent : end;
        if (last != null) {
            out.write(last);
            out.flush();
        }
    }

    /** Unwinds a stream handler so the server drops the connection. */
    static final class StreamCut extends RuntimeException {
        StreamCut() {
            super("simulated stream cut", null, false, false);
        }
    }
}
