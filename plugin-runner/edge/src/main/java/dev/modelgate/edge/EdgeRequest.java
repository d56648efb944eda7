package dev.modelgate.edge;

import java.util.Map;

/**
 * One client request as the gateway hands it over.
 *
 * @param consumer the consumer the gateway authenticated, or null
 * @param path     request path, e.g. {@code /v1/chat/completions}
 * @param headers  request headers with lower-case names
 * @param body     the exact body bytes
 */
public record EdgeRequest(String consumer, String path, Map<String, String> headers, byte[] body) {
}
