package dev.modelgate.runner.apisix;

import dev.modelgate.edge.EdgeOptions;
import dev.modelgate.policy.request.HeaderLimits;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Process-wide settings, from the environment (the names in brackets) or {@code -D} properties. Route-level
 * settings (policy files, identity header, key id) come with each APISIX route instead.
 */
@Component
public class RunnerSettings {

    private final EdgeOptions edge;
    private final String socketMode;
    private final String metricsAddress;

    public RunnerSettings(
            @Value("${modelgate.gateway.hmac.keys:}") String hmacKeys,           // MODELGATE_GATEWAY_HMAC_KEYS
            @Value("${modelgate.redis.url:}") String redisUrl,                   // MODELGATE_REDIS_URL
            @Value("${modelgate.relay.url:}") String relayUrl,                   // MODELGATE_RELAY_URL
            @Value("${modelgate.relay.api-key:}") String relayApiKey,            // MODELGATE_RELAY_API_KEY
            @Value("${modelgate.policy.poll-ms:1000}") long policyPollMs,        // MODELGATE_POLICY_POLL_MS
            @Value("${modelgate.relay.poll-ms:2000}") long relayPollMs,          // MODELGATE_RELAY_POLL_MS
            @Value("${modelgate.redis.timeout-ms:50}") long redisTimeoutMs,      // MODELGATE_REDIS_TIMEOUT_MS
            @Value("${modelgate.socket.mode:rw-rw----}") String socketMode,      // MODELGATE_SOCKET_MODE
            @Value("${modelgate.max-header-bytes:16384}") int maxHeaderBytes,    // MODELGATE_MAX_HEADER_BYTES
            @Value("${modelgate.max-headers-bytes:32768}") int maxHeadersBytes,  // MODELGATE_MAX_HEADERS_BYTES
            @Value("${modelgate.max-headers:100}") int maxHeaders,               // MODELGATE_MAX_HEADERS
            @Value("${modelgate.metrics.address:}") String metricsAddress) {     // MODELGATE_METRICS_ADDRESS
        // APISIX's runner cannot replace the body, so redaction is left to the relay under the signed decision.
        this.edge = new EdgeOptions(hmacKeys, redisUrl, Duration.ofMillis(redisTimeoutMs), relayUrl, relayApiKey,
                Duration.ofMillis(policyPollMs), Duration.ofMillis(relayPollMs), false,
                new HeaderLimits(maxHeaderBytes, maxHeadersBytes, maxHeaders));
        this.socketMode = socketMode;
        this.metricsAddress = metricsAddress;
    }

    /** Where the node's metrics are served for Prometheus ({@code host:port}); blank serves none. */
    public String metricsAddress() {
        return metricsAddress;
    }

    public EdgeOptions edge() {
        return edge;
    }

    public String socketMode() {
        return socketMode;
    }

    @Override
    public String toString() {
        return "RunnerSettings[" + edge + ", socketMode=" + socketMode + ", metricsAddress=" + metricsAddress + "]";
    }
}
