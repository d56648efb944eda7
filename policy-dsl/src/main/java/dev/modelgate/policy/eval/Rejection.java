package dev.modelgate.policy.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
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

    static Rejection of(int status, String type, String code, String message) {
        return new Rejection(status, type, code, message, null, null);
    }

    /** The OpenAI-shaped JSON body. */
    public String toJson() {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error").put("message", message).put("type", type).put("code", code).put("param", param);
        return error.toString();
    }
}
