package dev.modelgate.relay.sse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A provider's event stream, read as another format's: each read pulls upstream events only as far as
 * needed, so a chunk is forwarded as soon as it arrives (no buffering of the answer). A translation
 * failure or a stream cut before its end surfaces as an {@link IOException}, which the relay reports
 * to the client as an SSE error event.
 */
public final class TranslatingInputStream extends InputStream {

    private final SseReader upstream;
    private final SseTranslator translator;
    private final Deque<byte[]> pending = new ArrayDeque<>();
    private byte[] current = new byte[0];
    private int position;
    private boolean ended;

    public TranslatingInputStream(InputStream upstream, SseTranslator translator) {
        this.upstream = new SseReader(upstream);
        this.translator = translator;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position == current.length) {
            if (!pending.isEmpty()) {
                current = pending.poll();
                position = 0;
                continue;
            }
            if (ended) {
                return -1;
            }
            fill();
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        return n;
    }

    private void fill() throws IOException {
        SseEvent event = translator.finished() ? null : upstream.next();
        if (event == null) {
            ended = true;
            for (SseEvent e : translator.onEnd()) {
                pending.add(e.wire().getBytes(StandardCharsets.UTF_8));
            }
            return;
        }
        for (SseEvent e : translator.onEvent(event)) {
            pending.add(e.wire().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() throws IOException {
        upstream.close();
    }
}
