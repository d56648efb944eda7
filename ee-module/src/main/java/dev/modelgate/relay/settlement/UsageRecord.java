package dev.modelgate.relay.settlement;

import java.time.Instant;

/**
 * One request attempt that reached a provider, as the relay saw it. Identified by (request id, attempt):
 * recording it twice is recording it once.
 *
 * @param attempt     1 for the first provider call of the request, 2 for the next (retry or failover), ...
 * @param costMicros  what the attempt costs at the prices in force when it ran (0 for a failed attempt)
 */
public record UsageRecord(String requestId, int attempt, String team, String apiKey, String alias, String provider,
                          String model, long inputTokens, long cachedTokens, long outputTokens, long reasoningTokens,
                          int images, long audioMillis, long latencyMicros, int status, String outcome, boolean streamed,
                          long costMicros, Instant occurredAt) {
}
