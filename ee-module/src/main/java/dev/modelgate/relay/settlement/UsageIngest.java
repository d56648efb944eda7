package dev.modelgate.relay.settlement;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.policy.eval.CompiledPolicy;
import dev.modelgate.policy.model.Candidate;
import dev.modelgate.policy.pricing.Pricing;
import dev.modelgate.policy.pricing.Usage;
import dev.modelgate.relay.policy.Deployments;
import dev.modelgate.relay.policy.PolicyService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Usage events posted by gateway nodes and other hosts, checked one by one: a bad item is refused with its
 * reason and the rest of the batch is kept. Accepted items are priced here, from the policy's price for
 * the provider's model at the time of use, and written before the answer, so an acknowledged event is
 * durable; an event already recorded (same request id and attempt) is counted as a duplicate, not billed.
 */
@ApplicationScoped
public class UsageIngest {

    public static final int MAX_BATCH = 1000;
    private static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    public record Refused(int index, String reason) {
    }

    public record Outcome(int accepted, int duplicates, List<Refused> refused) {
    }

    @Inject
    PolicyService policy;

    @Inject
    UsageStore store;

    public Outcome ingest(JsonNode events) {
        CompiledPolicy compiled = policy.policy();
        Instant now = Instant.now();
        List<UsageRecord> valid = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            try {
                valid.add(record(compiled, events.get(i), now));
            } catch (IllegalArgumentException e) {
                refused.add(new Refused(i, e.getMessage()));
            }
        }
        int inserted = valid.isEmpty() ? 0 : store.insert(valid);
        return new Outcome(inserted, valid.size() - inserted, refused);
    }

    private static UsageRecord record(CompiledPolicy compiled, JsonNode e, Instant now) {
        if (!e.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String requestId = text(e, "request_id", true);
        int attempt = (int) count(e, "attempt", 1);
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be 1 or more");
        }
        String team = text(e, "team", true);
        if (!compiled.policy().teams().containsKey(team)) {
            throw new IllegalArgumentException("unknown team '" + team + "'");
        }
        String alias = text(e, "alias", false);
        if (alias != null && !compiled.policy().models().containsKey(alias)) {
            throw new IllegalArgumentException("unknown alias '" + alias + "'");
        }
        String provider = text(e, "provider", true);
        String model = text(e, "model", true);
        Candidate priced = Deployments.find(compiled.policy(), alias, provider + "/" + model).map(Deployments.Found::candidate)
                .orElseThrow(() -> new IllegalArgumentException("no deployment " + provider + "/" + model + " in the policy to price it"));
        long input = count(e, "input_tokens", 0);
        long cached = count(e, "cached_tokens", 0);
        long output = count(e, "output_tokens", 0);
        long reasoning = count(e, "reasoning_tokens", 0);
        long images = count(e, "images", 0);
        if (cached > input) {
            throw new IllegalArgumentException("cached_tokens exceeds input_tokens");
        }
        Instant at;
        try {
            at = e.hasNonNull("occurred_at") ? Instant.parse(e.get("occurred_at").asText()) : now;
        } catch (DateTimeParseException x) {
            throw new IllegalArgumentException("occurred_at is not an ISO-8601 instant");
        }
        if (at.isAfter(now.plus(FUTURE_TOLERANCE))) {
            throw new IllegalArgumentException("occurred_at is in the future");
        }
        int status = (int) count(e, "status", 200);
        boolean served = status >= 200 && status < 300;
        long cost = served ? Pricing.costMicros(priced.priceAt(at), new Usage(input, cached, output, images)) : 0;
        String outcome = text(e, "outcome", false);
        return new UsageRecord(requestId, attempt, team, text(e, "key", false), alias, provider, model, input, cached, output,
                reasoning, (int) images, count(e, "audio_millis", 0), count(e, "latency_micros", 0), status,
                outcome != null ? outcome : served ? "ok" : "failed", e.path("streamed").asBoolean(false), cost, at);
    }

    private static String text(JsonNode e, String field, boolean required) {
        JsonNode v = e.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException(field + " is missing");
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(field + " must be a non-empty string");
        }
        // The ledger's column widths: a longer value would fail the database write, and with it the whole batch.
        int max = field.equals("model") || field.equals("outcome") ? 256 : 128;
        if (v.asText().length() > max) {
            throw new IllegalArgumentException(field + " is longer than " + max + " characters");
        }
        return v.asText();
    }

    private static long count(JsonNode e, String field, long fallback) {
        JsonNode v = e.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException(field + " must be a whole number");
        }
        if (v.asLong() < 0) {
            throw new IllegalArgumentException(field + " must not be negative");
        }
        return v.asLong();
    }
}
