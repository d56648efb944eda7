package dev.modelgate.relay.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body up to a limit, so an oversized upload is refused before it fills the heap. */
public final class BoundedBody {

    private BoundedBody() {
    }

    public static byte[] read(InputStream in, int maxBytes) throws IOException {
        return read(in, maxBytes, -1);
    }

    /**
     * Reads a body whose length the client declared ({@code declaredLength}, or -1 when it sent it chunked). A
     * declared length is read straight into an array of that size, which spares the hot path two growing buffers;
     * the container ends the stream at the declared length, so a client cannot send more than it declared.
     */
    public static byte[] read(InputStream in, int maxBytes, long declaredLength) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        if (declaredLength > maxBytes) {
            throw new TooLarge();
        }
        if (declaredLength >= 0) {
            return in.readNBytes((int) declaredLength);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, 4096));
        byte[] buffer = new byte[4096];
        int total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > maxBytes) {
                throw new TooLarge();
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** The body is over the limit; nothing more of it is read. */
    public static final class TooLarge extends IOException {
        TooLarge() {
            super("request body over the limit", null);
        }
    }
}
