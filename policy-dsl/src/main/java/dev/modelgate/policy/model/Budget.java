package dev.modelgate.policy.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

import dev.modelgate.policy.budget.BudgetPeriod;

import java.math.BigDecimal;

/** A spend cap in USD per calendar period. */
public record Budget(
        @JsonProperty("amount_usd")
        @JsonPropertyDescription("Cap in USD per period.")
        @NotNull @DecimalMin(value = "0", message = "must not be negative") BigDecimal amountUsd,
        @JsonPropertyDescription("daily, weekly (ISO, Monday start) or monthly.")
        @NotNull BudgetPeriod period,
        @JsonPropertyDescription("IANA time zone in which the period starts; defaults to settings.timezone.")
        String timezone,
        @JsonPropertyDescription("hard (default): block with 402 once spent; soft: alert only.")
        Enforcement enforcement) {

    public Budget {
        enforcement = enforcement == null ? Enforcement.HARD : enforcement;
    }

    public enum Enforcement {
        @JsonProperty("hard") HARD,
        @JsonProperty("soft") SOFT
    }
}
