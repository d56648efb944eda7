package dev.modelgate.policy.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.Positive;

/** Policy-wide settings. Every field has a default so a small policy can leave the section out. */
public record Settings(
        @JsonPropertyDescription("IANA time zone in which budget periods start, e.g. Europe/Berlin. Default UTC; a team may override it.")
        String timezone,
        @JsonProperty("counters_unavailable")
        @JsonPropertyDescription("What the gateway does when the shared limit counters (Redis) cannot be reached: fail_open admits, fail_closed rejects with 503.")
        FailureMode countersUnavailable,
        @JsonProperty("max_body_bytes")
        @JsonPropertyDescription("Largest request body accepted, in bytes; larger ones get 413. Default 8 MiB.")
        @Positive Integer maxBodyBytes) {

    public static final Settings DEFAULTS = new Settings(null, null, null);

    public Settings {
        timezone = timezone == null ? "UTC" : timezone;
        countersUnavailable = countersUnavailable == null ? FailureMode.FAIL_OPEN : countersUnavailable;
        maxBodyBytes = maxBodyBytes == null ? 8 * 1024 * 1024 : maxBodyBytes;
    }
}
