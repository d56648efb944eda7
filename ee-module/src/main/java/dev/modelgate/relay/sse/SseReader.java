package dev.modelgate.relay.sse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Reads server-sent events from a stream, as they arrive. */
public final class SseReader implements AutoCloseable {

    private final BufferedReader reader;
    private final SseLines lines = new SseLines();

    public SseReader(InputStream in) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** The next event, or null at the end of the stream. An event cut off by the end of the stream is dropped. */
    public SseEvent next() throws IOException {
        String line;
        while ((line = reader.readLine()) != null) {
            SseEvent event = lines.accept(line);
            if (event != null) {
                return event;
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
