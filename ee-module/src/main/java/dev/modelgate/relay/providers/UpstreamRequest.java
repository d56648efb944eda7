package dev.modelgate.relay.providers;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One POST to a provider.
 *
 * @param uri         the full address, query included
 * @param headers     name, value, name, value...; a null value is not sent (a keyless endpoint has no key header)
 * @param contentType the body's type: JSON, or a client's multipart form with its boundary
 * @param timeout     the provider's timeout from the policy: to connect, and until the answer's headers arrive
 */
public record UpstreamRequest(URI uri, List<String> headers, byte[] body, String contentType, Duration timeout) {

    public UpstreamRequest {
        if (headers.size() % 2 != 0) {
            throw new IllegalArgumentException("headers come in name/value pairs");
        }
    }
}
