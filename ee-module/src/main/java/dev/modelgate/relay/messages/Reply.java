package dev.modelgate.relay.messages;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.StreamingOutput;

import java.util.Map;

/**
 * The Anthropic-shaped answer to one {@code /v1/messages} call: a JSON body (message or error, as a tree, or as
 * the bytes an Anthropic deployment sent) or an event stream, with the headers to send.
 */
record Reply(int status, Map<String, String> headers, JsonNode json, byte[] raw, StreamingOutput stream) {

    static Reply json(int status, Map<String, String> headers, JsonNode body) {
        return new Reply(status, Map.copyOf(headers), body, null, null);
    }

    /** A JSON body passed on as the provider wrote it. */
    static Reply raw(int status, Map<String, String> headers, byte[] body) {
        return new Reply(status, Map.copyOf(headers), null, body, null);
    }

    static Reply stream(Map<String, String> headers, StreamingOutput stream) {
        return new Reply(200, Map.copyOf(headers), null, null, stream);
    }
}
