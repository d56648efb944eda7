package dev.modelgate.relay.settlement;

import java.time.Instant;
import java.util.List;

/**
 * What happened to one request, like OpenRouter's generation record: who asked, which alias, every
 * attempt with its status and latency, and the outcome with usage and cost (micro-USD).
 */
public record Generation(String id, String team, String key, String alias, String provider, String model,
                         boolean streamed, String outcome, long promptTokens, long completionTokens, long costMicros,
                         List<Attempt> attempts, Instant createdAt) {
}
