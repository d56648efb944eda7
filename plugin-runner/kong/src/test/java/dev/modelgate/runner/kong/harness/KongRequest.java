package dev.modelgate.runner.kong.harness;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client request as Kong holds it during the access phase: what the harness answers PDK reads with.
 *
 * @param consumer  the consumer's username that Kong's auth plugin found, or null
 * @param headers   request headers, lower-case names; a list for a repeated header
 * @param body      the body Kong kept in memory, or null
 * @param bodyFile  the file Kong buffered a large body to (then {@code body} is null)
 * @param bodyError what Kong answers instead of a body, or null
 */
public record KongRequest(String consumer, String path, Map<String, List<String>> headers, byte[] body, Path bodyFile,
                          String bodyError) {

    public static KongRequest chat(String consumer, String json) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("content-type", List.of("application/json"));
        headers.put("authorization", List.of("Bearer client-key"));
        return new KongRequest(consumer, "/v1/chat/completions", headers, json.getBytes(StandardCharsets.UTF_8), null, null);
    }

    /** Anthropic's Messages API, as Anthropic's SDKs and Claude Code send it: the key in {@code x-api-key}. */
    public static KongRequest messages(String consumer, String json) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("content-type", List.of("application/json"));
        headers.put("x-api-key", List.of("client-key"));
        headers.put("anthropic-version", List.of("2023-06-01"));
        return new KongRequest(consumer, "/v1/messages", headers, json.getBytes(StandardCharsets.UTF_8), null, null);
    }

    /** OpenAI's Responses API, as Codex and the Agents SDK send it. */
    public static KongRequest responses(String consumer, String json) {
        return chat(consumer, json).path("/v1/responses");
    }

    public KongRequest header(String name, String... values) {
        Map<String, List<String>> copy = new LinkedHashMap<>(headers);
        copy.put(name, List.of(values));
        return new KongRequest(consumer, path, copy, body, bodyFile, bodyError);
    }

    public KongRequest path(String newPath) {
        return new KongRequest(consumer, newPath, headers, body, bodyFile, bodyError);
    }

    /** As Kong does for a body over {@code client_body_buffer_size}. */
    public KongRequest bodyInFile(Path file) {
        return new KongRequest(consumer, path, headers, null, file, null);
    }

    public KongRequest bodyError(String error) {
        return new KongRequest(consumer, path, headers, null, null, error);
    }
}
