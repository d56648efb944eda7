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
        @JsonPropertyDescription("Failure ratio over the breaker's time window that opens it. Default 0.5.")
        @DecimalMin("0.01") @DecimalMax("1.0") BigDecimal breakerFailureRatio,
        @JsonProperty("breaker_window")
        @JsonPropertyDescription("Calls the breaker's time window must hold before its failure ratio can open it. Default 20.")
        @Positive Integer breakerWindow,
        @JsonProperty("breaker_delay_ms")
        @JsonPropertyDescription("How long an open breaker stays open before it lets trial calls through (half-open). Default 30000.")
        @Positive Integer breakerDelayMs,
        @JsonProperty("breaker_window_ms")
        @JsonPropertyDescription("Length of the breaker's sliding time window: failures older than this no longer count, "
                + "with or without traffic. Whole seconds; default 60000.")
        @Positive Integer breakerWindowMs,
        @JsonProperty("breaker_half_open_calls")
        @JsonPropertyDescription("Trial calls a half-open breaker lets through; their outcome closes or re-opens it. Default 1.")
        @Positive @Max(100) Integer breakerHalfOpenCalls) {

    public static final Resilience DEFAULTS = new Resilience(null, null, null, null, null, null, null);

    public Resilience {
        timeoutMs = timeoutMs == null ? 60_000 : timeoutMs;
        maxRetries = maxRetries == null ? 1 : maxRetries;
        breakerFailureRatio = breakerFailureRatio == null ? new BigDecimal("0.5") : breakerFailureRatio;
        breakerWindow = breakerWindow == null ? 20 : breakerWindow;
        breakerDelayMs = breakerDelayMs == null ? 30_000 : breakerDelayMs;
        breakerWindowMs = breakerWindowMs == null ? 60_000 : breakerWindowMs;
        breakerHalfOpenCalls = breakerHalfOpenCalls == null ? 1 : breakerHalfOpenCalls;
    }
}
