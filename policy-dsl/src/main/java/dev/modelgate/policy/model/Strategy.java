package dev.modelgate.policy.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How an alias orders its candidate deployments. */
public enum Strategy {
    /** The order written in the policy. */
    @JsonProperty("priority") PRIORITY,
    /** Random by weight for the first choice, the rest by weight order, to spread load. */
    @JsonProperty("weighted") WEIGHTED,
    /** Cheapest estimated cost for this request first. */
    @JsonProperty("lowest-cost") LOWEST_COST,
    /** Lowest live latency (EWMA fed back by the relay) first; unknown latency last. */
    @JsonProperty("lowest-latency") LOWEST_LATENCY
}
