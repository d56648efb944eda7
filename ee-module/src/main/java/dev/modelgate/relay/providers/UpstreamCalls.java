package dev.modelgate.relay.providers;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * How every provider answer is read the same way, whatever the transport: a 2xx body is handed on unread, any
 * other status or a failed exchange becomes a failure classified for the relay's failover.
 */
public final class UpstreamCalls {

    /** An error body is shown to the client at most in part; more than this is not read. */
    static final int MAX_ERROR_BYTES = 64 * 1024;

    private UpstreamCalls() {
    }

    /**
     * @param retryAfter the Retry-After header, or null
     * @param body       the answer's body, still unread; closed here unless it is handed on
     */
    public static CallResult classify(int status, String contentType, String retryAfter, InputStream body) {
        if (status >= 200 && status < 300) {
            return CallResult.ok(body, contentType);
        }
        String text;
        try (body) {
            text = new String(body.readNBytes(MAX_ERROR_BYTES), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            text = null;
        }
        // A provider-side key problem (401, 403) is the deployment's fault, not the caller's; so is a 404: the caller
        // names an alias, the policy names the address and the upstream model, so "not found" means a wrong base URL
        // or model id in the policy, and another deployment may well answer.
        boolean clientError = status >= 400 && status < 500 && status != 408 && status != 429
                && status != 401 && status != 403 && status != 404;
        return CallResult.failed(new UpstreamFailure(status, "HTTP " + status, retryAfter(retryAfter), clientError, text));
    }

    /** No answer at all: a timeout or a broken connection. */
    public static CallResult failed(IOException e) {
        if (e instanceof HttpTimeoutException) {
            return CallResult.failed(new UpstreamFailure(0, "timed out", 0, false, null));
        }
        return CallResult.failed(new UpstreamFailure(0, "connection failed (" + e.getClass().getSimpleName() + ")", 0, false, null));
    }

    private static int retryAfter(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return 1; // an HTTP date: wait a little rather than parse calendars on the hot path
        }
    }
}
