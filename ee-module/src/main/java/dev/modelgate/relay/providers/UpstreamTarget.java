package dev.modelgate.relay.providers;

import dev.modelgate.policy.model.Provider;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * A provider's API as an adapter calls it: the transport, the base URL every path is relative to, and the
 * provider's timeout. Built per call from the policy, so a policy reload changes the next call's address.
 */
public record UpstreamTarget(Upstream upstream, String baseUrl, Duration timeout) {

    public static final String JSON = "application/json";

    public UpstreamTarget {
        while (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
    }

    /** A provider's API at {@code baseUrl}, with the provider's timeout from the policy. */
    public static UpstreamTarget of(Upstream upstream, String baseUrl, Provider provider) {
        return new UpstreamTarget(upstream, baseUrl, Duration.ofMillis(provider.resilience().timeoutMs()));
    }

    /**
     * POSTs {@code body} to {@code baseUrl/path}.
     *
     * @param path    relative, query included, already encoded (see {@link #segment})
     * @param headers name, value pairs; null values are left out
     */
    public CallResult post(String path, byte[] body, String contentType, String... headers) {
        return upstream.send(new UpstreamRequest(URI.create(baseUrl + "/" + path), Arrays.asList(headers), body, contentType, timeout));
    }

    /** A value as one path segment or query value: encoded so that no model or deployment name can reach another path. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
