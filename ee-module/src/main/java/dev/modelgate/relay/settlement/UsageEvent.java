package dev.modelgate.relay.settlement;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;

/**
 * The stored form of a {@link UsageRecord}: the system of record for what was used and what it cost. Mapped for
 * reading; {@link UsageRows} writes the rows with JDBC batches.
 */
@Entity
@Table(name = "usage_event")
@IdClass(UsageEvent.Key.class)
public class UsageEvent {

    /** (request id, attempt): the identity that makes recording idempotent. A class, as JPA id classes must be. */
    public static class Key implements Serializable {
        private String requestId;
        private int attempt;

        public Key() {
        }

        public Key(String requestId, int attempt) {
            this.requestId = requestId;
            this.attempt = attempt;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.attempt == attempt && java.util.Objects.equals(k.requestId, requestId);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(requestId, attempt);
        }
    }

    @Id
    @Column(name = "request_id")
    private String requestId;
    @Id
    @Column(name = "attempt")
    private int attempt;
    private String team;
    @Column(name = "api_key")
    private String apiKey;
    private String alias;
    private String provider;
    private String model;
    @Column(name = "input_tokens")
    private long inputTokens;
    @Column(name = "cached_tokens")
    private long cachedTokens;
    @Column(name = "output_tokens")
    private long outputTokens;
    @Column(name = "reasoning_tokens")
    private long reasoningTokens;
    @Column(name = "cache_write_5m_tokens")
    private long cacheWrite5mTokens;
    @Column(name = "cache_write_1h_tokens")
    private long cacheWrite1hTokens;
    private int images;
    @Column(name = "audio_millis")
    private long audioMillis;
    @Column(name = "latency_micros")
    private long latencyMicros;
    private int status;
    private String outcome;
    private boolean streamed;
    @Column(name = "cost_micros")
    private long costMicros;
    @Column(name = "occurred_at")
    private Instant occurredAt;
    @Column(name = "recorded_at")
    private Instant recordedAt;

    protected UsageEvent() {
    }
}
