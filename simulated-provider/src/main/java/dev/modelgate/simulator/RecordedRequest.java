package dev.modelgate.simulator;

import java.util.Map;

/**
 * A request the simulator received. Key-carrying headers ({@code authorization}, {@code x-api-key},
 * {@code x-goog-api-key}, {@code api-key}) and a {@code key} query parameter are kept only as "(present)".
 * {@code query} is the decoded query string, empty when there was none (Azure's api-version, Gemini's alt=sse).
 */
public record RecordedRequest(String method, String path, Map<String, String> headers, String body, Map<String, String> query) {

    public RecordedRequest(String method, String path, Map<String, String> headers, String body) {
        this(method, path, headers, body, Map.of());
    }
}
