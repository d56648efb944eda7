package dev.modelgate.edge;

import java.util.List;
import java.util.Map;

/** What a gateway host does with one request: send it on to the relay, or answer it right there. */
public sealed interface EdgeOutcome permits EdgeOutcome.Forward, EdgeOutcome.Reject {

    /**
     * Continue to the relay.
     *
     * @param setHeaders    request headers to set (the signed decision and the request id)
     * @param removeHeaders client-sent request headers to delete (every {@code x-modelgate-*} one)
     * @param newBody       the body to forward instead, on hosts that can rewrite it (guardrail redaction); null to keep it
     */
    record Forward(Map<String, String> setHeaders, List<String> removeHeaders, byte[] newBody, String requestId)
            implements EdgeOutcome {
    }

    /**
     * Answer the client now, in OpenAI's error shape.
     *
     * @param headers response headers (content type, {@code Retry-After} on 429)
     */
    record Reject(int status, Map<String, String> headers, String body) implements EdgeOutcome {
    }
}
