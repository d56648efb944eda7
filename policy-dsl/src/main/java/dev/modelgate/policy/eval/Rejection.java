package dev.modelgate.policy.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.policy.request.RequestException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;

/**
 * A request refused by policy, in the terms of OpenAI's error shape
 * {@code {"error": {"message", "type", "code", "param"}}} and the HTTP status a client SDK expects.
 * Messages never contain matched content or secrets.
 *
 * @param retryAfter for 429: when to try again (the {@code Retry-After} header); null otherwise
 */
public record Rejection(int status, String type, String code, String message, String param, Duration retryAfter) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static Rejection of(int status, String type, String code, String message) {
        return new Rejection(status, type, code, message, null, null);
    }

    /** A body the parser refused (400, or 413 when too large). */
    public static Rejection of(RequestException e) {
        return new Rejection(e.status(), e.type(), e.code(), e.getMessage(), e.param(), null);
    }

    /** The {@code Retry-After} value in whole seconds, rounded up so a client never retries too early; null when none. */
    public Long retryAfterSeconds() {
        return retryAfter == null ? null : Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    /** The OpenAI-shaped JSON body. */
    public String toJson() {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error").put("message", message).put("type", type).put("code", code).put("param", param);
        return error.toString();
    }
}
