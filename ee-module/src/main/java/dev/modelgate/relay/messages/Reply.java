package dev.modelgate.relay.messages;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.StreamingOutput;

import java.util.Map;

/**
 * The Anthropic-shaped answer to one {@code /v1/messages} call: a JSON body (message or error) or an
 * event stream, with the headers to send.
 */
record Reply(int status, Map<String, String> headers, JsonNode json, StreamingOutput stream) {

    static Reply json(int status, Map<String, String> headers, JsonNode body) {
        return new Reply(status, Map.copyOf(headers), body, null);
    }

    static Reply stream(Map<String, String> headers, StreamingOutput stream) {
        return new Reply(200, Map.copyOf(headers), null, stream);
    }
}
