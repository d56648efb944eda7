package dev.modelgate.relay.sse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An event stream written in one format and sent in another: bytes written here are split into SSE
 * events, translated, and written to the client at once (each flush of a complete event reaches the
 * client). Used by ingresses that speak a format other than OpenAI's around the OpenAI-shaped relay.
 */
public final class TranslatingOutputStream extends OutputStream {

    private final OutputStream client;
    private final SseTranslator translator;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final SseLines lines = new SseLines();
    private boolean closed;

    public TranslatingOutputStream(OutputStream client, SseTranslator translator) {
        this.client = client;
        this.translator = translator;
    }

    @Override
    public void write(int b) throws IOException {
        if (b == '\n') {
            endLine();
        } else {
            line.write(b);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                line.write(bytes, start, i - start);
                endLine();
                start = i + 1;
            }
        }
        line.write(bytes, start, end - start);
    }

    private void endLine() throws IOException {
        SseEvent complete = lines.accept(line.toString(StandardCharsets.UTF_8));
        line.reset();
        if (complete != null) {
            send(translator.onEvent(complete));
        }
    }

    private void send(List<SseEvent> events) throws IOException {
        for (SseEvent e : events) {
            client.write(e.wire().getBytes(StandardCharsets.UTF_8));
        }
        if (!events.isEmpty()) {
            client.flush();
        }
    }

    @Override
    public void flush() throws IOException {
        client.flush();
    }

    /** Ends the translated stream: the translator's closing events, or nothing more if the source ended early. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!translator.finished()) {
                send(translator.onEnd());
            }
        } finally {
            client.flush();
        }
    }
}
