package dev.modelgate.policy.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Anthropic's error shape {@code {"type":"error","error":{"type","message"},"request_id"}}, written by the relay
 * and by gateway nodes alike. The HTTP status stays Modelgate's (Anthropic's own 529 is never invented: SDKs retry
 * by status, and a 503 from Modelgate already means "try again"); only the type is chosen by status, as Anthropic's
 * SDKs expect.
 */
public final class MessagesErrors {

    private final ObjectMapper json;

    public MessagesErrors(ObjectMapper json) {
        this.json = json;
    }

    public static String typeFor(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503 -> "overloaded_error";
            case 504 -> "timeout_error";
            default -> status >= 400 && status < 500 ? "invalid_request_error" : "api_error";
        };
    }

    /** An OpenAI error answer ({@code {"error":{"message",...}}}) as Anthropic's, keeping its message. */
    public ObjectNode fromOpenAi(int status, JsonNode openAiError, String requestId) {
        String message = openAiError == null ? "" : openAiError.path("error").path("message").asText("");
        if (message.isEmpty()) {
            message = "The request failed with HTTP status " + status + ".";
        }
        return of(typeFor(status), message, requestId);
    }

    /** @param requestId the relay's request id, or null when the request never got one */
    public ObjectNode of(String type, String message, String requestId) {
        ObjectNode out = json.createObjectNode().put("type", "error");
        out.putObject("error").put("type", type).put("message", message);
        if (requestId != null) {
            out.put("request_id", requestId);
        }
        return out;
    }
}
