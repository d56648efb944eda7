package dev.modelgate.relay.messages;

import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the OpenAI-shaped relay answered, reduced to what the translation reads: the status, the headers a
 * client of Modelgate relies on (lower-cased), and the entity (JSON as bytes or a String; a StreamingOutput of
 * OpenAI SSE for a stream).
 */
record RelayAnswer(int status, Map<String, String> headers, Object entity) {

    static RelayAnswer of(Response response) {
        Map<String, String> headers = new LinkedHashMap<>();
        response.getHeaders().forEach((name, values) -> {
            if (values != null && !values.isEmpty()) {
                headers.put(name, String.valueOf(values.get(0)));
            }
        });
        return of(response.getStatus(), headers, response.getEntity());
    }

    /** Keeps Modelgate's own headers and Retry-After; the rest describe the OpenAI body, not the translated one. */
    static RelayAnswer of(int status, Map<String, String> headers, Object entity) {
        Map<String, String> kept = new LinkedHashMap<>();
        headers.forEach((header, value) -> {
            String name = header.toLowerCase(Locale.ROOT);
            if (name.startsWith("x-modelgate-") || name.equals("x-request-id") || name.equals("retry-after")) {
                kept.put(name, value);
            }
        });
        return new RelayAnswer(status, Map.copyOf(kept), entity);
    }

    /** The relay's generation id, or null when the request was refused before it got one. */
    String requestId() {
        return headers.get("x-request-id");
    }
}
