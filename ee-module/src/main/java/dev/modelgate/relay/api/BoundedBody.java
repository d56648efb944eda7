package dev.modelgate.relay.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body up to a limit, so an oversized upload is refused before it fills the heap. */
public final class BoundedBody {

    private BoundedBody() {
    }

    public static byte[] read(InputStream in, int maxBytes) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, 16 * 1024));
        byte[] buffer = new byte[8192];
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
