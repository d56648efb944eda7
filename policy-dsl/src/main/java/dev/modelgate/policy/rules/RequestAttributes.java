package dev.modelgate.policy.rules;

import java.util.HashMap;
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

    /** The CEL variables; build once per request and pass to every rule's condition. */
    public Map<String, Object> variables() {
        Map<String, Object> vars = new HashMap<>(16);
        vars.put("team", team);
        vars.put("key", key);
        vars.put("model", model);
        vars.put("endpoint", endpoint);
        vars.put("estimated_input_tokens", estimatedInputTokens);
        vars.put("max_output_tokens", maxOutputTokens);
        vars.put("stream", stream);
        vars.put("tools", tools);
        vars.put("images", images);
        vars.put("tags", tags);
        vars.put("headers", headers);
        return vars;
    }
}
