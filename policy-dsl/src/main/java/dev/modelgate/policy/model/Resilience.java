package dev.modelgate.policy.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

import java.math.BigDecimal;

/** How the relay protects itself and the client from one provider's trouble. */
public record Resilience(
        @JsonProperty("timeout_ms")
        @JsonPropertyDescription("Time allowed for a non-streamed answer, or for the first streamed byte. Default 60000.")
        @Positive Integer timeoutMs,
        @JsonProperty("max_retries")
        @JsonPropertyDescription("Retries on the same deployment after 429/5xx (honouring Retry-After) before failing over. Default 1.")
        @PositiveOrZero @Max(10) Integer maxRetries,
        @JsonProperty("breaker_failure_ratio")
        @JsonPropertyDescription("Failure ratio over the rolling window that opens the circuit breaker. Default 0.5.")
        @DecimalMin("0.01") @DecimalMax("1.0") BigDecimal breakerFailureRatio,
        @JsonProperty("breaker_window")
        @JsonPropertyDescription("Number of recent calls the breaker looks at. Default 20.")
        @Positive Integer breakerWindow,
        @JsonProperty("breaker_delay_ms")
        @JsonPropertyDescription("How long an open breaker stays open before a trial call. Default 30000.")
        @Positive Integer breakerDelayMs) {

    public static final Resilience DEFAULTS = new Resilience(null, null, null, null, null);

    public Resilience {
        timeoutMs = timeoutMs == null ? 60_000 : timeoutMs;
        maxRetries = maxRetries == null ? 1 : maxRetries;
        breakerFailureRatio = breakerFailureRatio == null ? new BigDecimal("0.5") : breakerFailureRatio;
        breakerWindow = breakerWindow == null ? 20 : breakerWindow;
        breakerDelayMs = breakerDelayMs == null ? 30_000 : breakerDelayMs;
    }
}
