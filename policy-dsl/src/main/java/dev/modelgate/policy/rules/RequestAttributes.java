package dev.modelgate.policy.rules;

import java.util.Map;

/**
 * What a CEL rule condition can see about a request. Identity (team, key) comes from the gateway or
 * the relay's key check, never from the request body.
 */
public record RequestAttributes(
        String team,
        String key,
        String model,
        String endpoint,
        long estimatedInputTokens,
        long maxOutputTokens,
        boolean stream,
        boolean tools,
        long images,
        Map<String, String> tags,
        Map<String, String> headers) {

    public RequestAttributes {
        team = team == null ? "" : team;
        key = key == null ? "" : key;
        model = model == null ? "" : model;
        endpoint = endpoint == null ? "" : endpoint;
        tags = tags == null ? Map.of() : tags;
        headers = headers == null ? Map.of() : headers;
    }
}
