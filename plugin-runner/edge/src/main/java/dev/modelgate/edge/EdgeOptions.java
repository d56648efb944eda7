package dev.modelgate.edge;

import dev.modelgate.policy.request.HeaderLimits;

import java.time.Duration;
import java.util.function.Function;

/**
 * Process-wide settings of a gateway host, the same on every gateway. Route-level settings (policy
 * files, identity header, key id) come with each gateway route instead, as {@link EdgeSettings}.
 *
 * @param hmacKeys         the relay's HMAC keys, {@code id:base64,...} (required; never logged)
 * @param redisUrl         cluster-wide rate counters; null for this node's counters only
 * @param redisTimeout     how long a counter call may take before the policy's failure mode applies
 * @param relayUrl         the relay whose health feed the edge routes by; null to route without it
 * @param relayApiKey      the key the relay accepts for that feed (never logged)
 * @param policyPoll       how often policy files are checked for changes
 * @param relayPoll        how often the relay's feeds (provider health, budget snapshots) are read
 * @param hostRewritesBody true on gateways that can replace the body (Kong): redaction then happens at the edge
 * @param headerLimits     what a request's headers may be before it is refused with 431 (or 400 when malformed)
 */
public record EdgeOptions(String hmacKeys, String redisUrl, Duration redisTimeout, String relayUrl, String relayApiKey,
                          Duration policyPoll, Duration relayPoll, boolean hostRewritesBody, HeaderLimits headerLimits) {

    /** With the default header limits. */
    public EdgeOptions(String hmacKeys, String redisUrl, Duration redisTimeout, String relayUrl, String relayApiKey,
                       Duration policyPoll, Duration relayPoll, boolean hostRewritesBody) {
        this(hmacKeys, redisUrl, redisTimeout, relayUrl, relayApiKey, policyPoll, relayPoll, hostRewritesBody, HeaderLimits.defaults());
    }

    public EdgeOptions {
        if (hmacKeys == null || hmacKeys.isBlank()) {
            throw new IllegalStateException("MODELGATE_GATEWAY_HMAC_KEYS is not set: the gateway cannot sign decisions for the relay");
        }
        redisUrl = blankToNull(redisUrl);
        relayUrl = blankToNull(relayUrl);
        headerLimits = headerLimits == null ? HeaderLimits.defaults() : headerLimits;
    }

    /**
     * Reads the documented environment variables: {@code MODELGATE_GATEWAY_HMAC_KEYS}, {@code MODELGATE_REDIS_URL},
     * {@code MODELGATE_REDIS_TIMEOUT_MS} (50), {@code MODELGATE_RELAY_URL}, {@code MODELGATE_RELAY_API_KEY},
     * {@code MODELGATE_POLICY_POLL_MS} (1000), {@code MODELGATE_RELAY_POLL_MS} (2000),
     * {@code MODELGATE_MAX_HEADER_BYTES} (16384, one header), {@code MODELGATE_MAX_HEADERS_BYTES} (32768, all
     * headers) and {@code MODELGATE_MAX_HEADERS} (100).
     */
    public static EdgeOptions fromEnvironment(Function<String, String> env, boolean hostRewritesBody) {
        HeaderLimits d = HeaderLimits.defaults();
        HeaderLimits headers;
        try {
            headers = new HeaderLimits(positive(env, "MODELGATE_MAX_HEADER_BYTES", d.maxFieldBytes()),
                    positive(env, "MODELGATE_MAX_HEADERS_BYTES", d.maxTotalBytes()), positive(env, "MODELGATE_MAX_HEADERS", d.maxCount()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("MODELGATE_MAX_HEADERS_BYTES must be at least MODELGATE_MAX_HEADER_BYTES");
        }
        return new EdgeOptions(env.apply("MODELGATE_GATEWAY_HMAC_KEYS"), env.apply("MODELGATE_REDIS_URL"),
                millis(env, "MODELGATE_REDIS_TIMEOUT_MS", 50), env.apply("MODELGATE_RELAY_URL"),
                env.apply("MODELGATE_RELAY_API_KEY"), millis(env, "MODELGATE_POLICY_POLL_MS", 1000),
                millis(env, "MODELGATE_RELAY_POLL_MS", 2000), hostRewritesBody, headers);
    }

    private static int positive(Function<String, String> env, String name, int fallback) {
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a positive whole number, not '" + value + "'");
        }
    }

    private static Duration millis(Function<String, String> env, String name, long fallback) {
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            return Duration.ofMillis(fallback);
        }
        try {
            long ms = Long.parseLong(value.trim());
            if (ms < 1) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(ms);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a positive number of milliseconds, not '" + value + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String toString() {
        return "EdgeOptions[redis=" + (redisUrl != null) + ", relay=" + relayUrl + ", hostRewritesBody=" + hostRewritesBody + "]";
    }
}
