package dev.modelgate.relay.settlement;

import java.time.Instant;

/**
 * One request attempt that reached a provider, as the relay saw it. Identified by (request id, attempt):
 * recording it twice is recording it once. Its parts are named records, so that a call site reads as
 * who used which deployment, how much, with what result, rather than nineteen positional values.
 *
 * @param attempt     1 for the first provider call of the request, 2 for the next (retry or failover), ...
 * @param costMicros  what the attempt costs at the prices in force when it ran (0 for a failed attempt)
 */
public record UsageRecord(String requestId, int attempt, Who who, Where where, Consumed consumed, Result result,
                          long costMicros, Instant occurredAt) {

    /** Whose spend it is: the team, the API key id (null for none) and the alias asked for (null when unknown). */
    public record Who(String team, String apiKey, String alias) {
    }

    /** The deployment that was called. */
    public record Where(String provider, String model) {
    }

    /**
     * What the call used, as the provider reported it. Input tokens include the cache reads ({@code cachedTokens}) and
     * writes; output tokens include the reasoning tokens: each class is priced at its own rate.
     */
    public record Consumed(long inputTokens, long cachedTokens, long cacheWrite5mTokens, long cacheWrite1hTokens,
                           long outputTokens, long reasoningTokens, int images, long audioMillis) {

        public static Consumed tokens(long input, long cached, long output) {
            return new Consumed(input, cached, 0, 0, output, 0, 0, 0);
        }
    }

    /** How the call ended: the provider's status, the relay's outcome word, whether it streamed, how long it took. */
    public record Result(int status, String outcome, boolean streamed, long latencyMicros) {
    }
}
