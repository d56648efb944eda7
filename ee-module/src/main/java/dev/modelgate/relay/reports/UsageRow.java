package dev.modelgate.relay.reports;

import java.util.List;

/**
 * One group of a usage report.
 *
 * @param keys     the group's value per dimension, in the query's order (null where the events had none)
 * @param requests attempts that were served (2xx)
 * @param attempts every provider call, served or failed
 */
public record UsageRow(List<String> keys, long requests, long attempts, long inputTokens, long cachedTokens,
                       long outputTokens, long costMicros) {

    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
