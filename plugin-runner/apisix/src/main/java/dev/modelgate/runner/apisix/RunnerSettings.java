package dev.modelgate.runner.apisix;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Process-wide settings, from the environment (the names in brackets) or {@code -D} properties. Route-level
 * settings (policy files, identity header, key id) come with each APISIX route instead.
 */
@Component
public class RunnerSettings {

    private final String hmacKeys;
    private final String redisUrl;
    private final String relayUrl;
    private final String relayApiKey;
    private final Duration policyPoll;
    private final Duration healthPoll;
    private final Duration redisTimeout;
    private final String socketMode;

    public RunnerSettings(
            @Value("${modelgate.gateway.hmac.keys:}") String hmacKeys,           // MODELGATE_GATEWAY_HMAC_KEYS
            @Value("${modelgate.redis.url:}") String redisUrl,                   // MODELGATE_REDIS_URL
            @Value("${modelgate.relay.url:}") String relayUrl,                   // MODELGATE_RELAY_URL
            @Value("${modelgate.relay.api-key:}") String relayApiKey,            // MODELGATE_RELAY_API_KEY
            @Value("${modelgate.policy.poll-ms:1000}") long policyPollMs,        // MODELGATE_POLICY_POLL_MS
            @Value("${modelgate.relay.health-poll-ms:2000}") long healthPollMs,  // MODELGATE_RELAY_HEALTH_POLL_MS
            @Value("${modelgate.redis.timeout-ms:50}") long redisTimeoutMs,      // MODELGATE_REDIS_TIMEOUT_MS
            @Value("${modelgate.socket.mode:rw-rw----}") String socketMode) {    // MODELGATE_SOCKET_MODE
        if (hmacKeys.isBlank()) {
            throw new IllegalStateException("MODELGATE_GATEWAY_HMAC_KEYS is not set: the runner cannot sign decisions for the relay");
        }
        this.hmacKeys = hmacKeys;
        this.redisUrl = redisUrl.isBlank() ? null : redisUrl;
        this.relayUrl = relayUrl.isBlank() ? null : relayUrl;
        this.relayApiKey = relayApiKey;
        this.policyPoll = Duration.ofMillis(policyPollMs);
        this.healthPoll = Duration.ofMillis(healthPollMs);
        this.redisTimeout = Duration.ofMillis(redisTimeoutMs);
        this.socketMode = socketMode;
    }

    public String hmacKeys() {
        return hmacKeys;
    }

    /** Null for single-node counters in this process. */
    public String redisUrl() {
        return redisUrl;
    }

    /** Null when the runner does not poll the relay's health feed. */
    public String relayUrl() {
        return relayUrl;
    }

    public String relayApiKey() {
        return relayApiKey;
    }

    public Duration policyPoll() {
        return policyPoll;
    }

    public Duration healthPoll() {
        return healthPoll;
    }

    public Duration redisTimeout() {
        return redisTimeout;
    }

    public String socketMode() {
        return socketMode;
    }

    @Override
    public String toString() {
        return "RunnerSettings[redis=" + (redisUrl != null) + ", relay=" + relayUrl + "]";
    }
}
