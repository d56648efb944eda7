package dev.modelgate.policy.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Calendar-aligned budget periods in the budget's time zone. */
public enum BudgetPeriod {
    @JsonProperty("daily") DAILY,
    @JsonProperty("weekly") WEEKLY,
    @JsonProperty("monthly") MONTHLY
}
