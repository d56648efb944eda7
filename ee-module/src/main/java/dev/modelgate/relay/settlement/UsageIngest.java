package dev.modelgate.relay.settlement;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.policy.eval.CompiledPolicy;
import dev.modelgate.policy.model.Budget;
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
 *
 * <p>A newly recorded event's cost counts at once toward the budgets it falls under, in the period it
 * happened in, so a cap holds against spend that reaches the relay only through this API (and the budget
 * feed the gateway nodes poll shows it) without waiting for a restart to reload it from the ledger.
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

    @Inject
    Generations generations;

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
        List<UsageRecord> recorded = valid.isEmpty() ? List.of() : store.insert(valid);
        charge(compiled, recorded, now);
        return new Outcome(recorded.size(), valid.size() - recorded.size(), refused);
    }

    /**
     * Adds the cost of newly recorded events to their budgets. A request this relay served itself was settled
     * against its budgets when it ended; its own events reach the ledger up to a flush interval later, so a
     * copy posted in between is new to the ledger (the relay's write then skips it) but not new spend.
     */
    private void charge(CompiledPolicy compiled, List<UsageRecord> recorded, Instant now) {
        for (UsageRecord r : recorded) {
            if (r.costMicros() == 0 || servedHere(r)) {
                continue;
            }
            for (CompiledPolicy.ScopedBudget b : compiled.budgetsOf(r.who().team(), r.who().apiKey())) {
                Budget budget = b.budget();
                policy.budgets().addSpent(b.scope(), budget.period(), compiled.zone(budget.timezone()), r.costMicros(),
                        r.occurredAt(), now);
            }
        }
    }

    /**
     * One of the events this relay writes for a request it served (attempts are numbered from 1 in order).
     * Asked of memory only: the ledger already holds the event just ingested, and a relay's own event can be
     * missing from the ledger only while it waits to be written, when it is still held in memory.
     */
    private boolean servedHere(UsageRecord r) {
        Generation served = generations.recent(r.requestId()).orElse(null);
        return served != null && r.attempt() <= served.attempts().size();
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
        long write5m = count(e, "cache_write_5m_tokens", 0);
        long write1h = count(e, "cache_write_1h_tokens", 0);
        long images = count(e, "images", 0);
        if (cached + write5m + write1h > input) {
            throw new IllegalArgumentException("cached_tokens and cache writes exceed input_tokens");
        }
        if (reasoning > output) {
            throw new IllegalArgumentException("reasoning_tokens exceeds output_tokens");
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
        long cost = served ? Pricing.costMicros(priced.priceAt(at), new Usage(input, cached, write5m, write1h, output, reasoning, images)) : 0;
        String outcome = text(e, "outcome", false);
        return new UsageRecord(requestId, attempt, new UsageRecord.Who(team, text(e, "key", false), alias),
                new UsageRecord.Where(provider, model),
                new UsageRecord.Consumed(input, cached, write5m, write1h, output, reasoning, (int) images, count(e, "audio_millis", 0)),
                new UsageRecord.Result(status, outcome != null ? outcome : served ? "ok" : "failed",
                        e.path("streamed").asBoolean(false), count(e, "latency_micros", 0)),
                cost, at);
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
