package dev.modelgate.relay.providers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The failures a translating adapter reports without the provider having failed, in the terms the relay's
 * failover reads: who is at fault is told by the status and {@code clientError}, what to show the client by
 * an OpenAI error body.
 */
public final class TranslationFailures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TranslationFailures() {
    }

    /**
     * A request this provider cannot take (an endpoint it lacks, a field its format cannot carry, a prompt its
     * filter blocked): the caller's error, so no other deployment is tried. The relay shows the client the
     * body's {@code error.message}, so the message must be safe to show: no credential, no request content.
     */
    public static CallResult refused(String message, String code) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error")
                .put("message", message)
                .put("type", "invalid_request_error")
                .put("code", code)
                .putNull("param");
        return CallResult.failed(new UpstreamFailure(400, message, 0, true, body.toString()));
    }

    /** A 2xx answer that cannot be translated: status 200 tells failover that asking this deployment again will not help. */
    public static CallResult unreadable(String why) {
        return CallResult.failed(new UpstreamFailure(200, "unreadable answer (" + why + ")", 0, false, null));
    }
}
