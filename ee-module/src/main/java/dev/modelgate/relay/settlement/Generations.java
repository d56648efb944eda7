package dev.modelgate.relay.settlement;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Generation records: the most recent in memory, with the relay's whole trace (deployments skipped without a
 * call included), and any older one rebuilt from the usage ledger, which keeps every call durably, so a request
 * can be looked up after a restart or on another relay sharing the ledger.
 *
 * <p>Why only a few thousand in memory: each record lives as long as it is held, past young collections, so
 * holding a hundred thousand made every young pause copy and promote them. The window only has to cover the
 * time a usage event waits to be written (a flush interval, 200 ms by default).
 */
@ApplicationScoped
public class Generations {

    static final int RECENT = 8_192;
    /** How far back the list of latest requests looks: the ledger is scanned by time, not whole. */
    static final java.time.Duration RECENT_DAYS = java.time.Duration.ofDays(7);
    private static final int MAX_ID_LENGTH = 128;

    private final Cache<String, Generation> recent = Caffeine.newBuilder().maximumSize(RECENT).build();

    @Inject
    UsageHistory ledger;

    public void record(Generation generation) {
        recent.put(generation.id(), generation);
    }

    /**
     * A request this relay answered lately, from memory only: never a ledger query, so it can be asked for
     * every ingested event. Covers at least the time a request's own usage events wait to be written.
     */
    public Optional<Generation> recent(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(recent.getIfPresent(id));
    }

    public Optional<Generation> find(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return Optional.empty(); // no such request id can be in the ledger: no query for it
        }
        Generation held = recent.getIfPresent(id);
        return held != null ? Optional.of(held) : fromLedger(id, ledger.calls(id));
    }

    /** Which requests {@link #latest} lists: of a team, of an alias or model, served or not (null for any). */
    public record Filter(String team, String model, Status status, int limit) {
    }

    /** How a request ended, as the console filters: served at once, served after a failover, or not served. */
    public enum Status {
        OK, FAILOVER, FAILED;

        public boolean of(Generation g) {
            boolean served = g.provider() != null;
            long calls = g.attempts().size();
            return switch (this) {
                case OK -> served;
                case FAILOVER -> served && calls > 1;
                case FAILED -> !served;
            };
        }
    }

    /**
     * The latest requests of the last seven days in the ledger, newest first: each as this relay holds it when it served it lately (deployments
     * skipped without a call included), else as the ledger tells it.
     */
    public List<Generation> latest(Filter filter) {
        // A status filter drops some: look a few times further back for enough that pass.
        int look = filter.status() == null ? filter.limit() : filter.limit() * 4;
        List<Generation> out = new ArrayList<>();
        for (var request : ledger.latest(Instant.now().minus(RECENT_DAYS), filter.team(), filter.model(), look).entrySet()) {
            Optional<Generation> g = recent(request.getKey()).or(() -> fromLedger(request.getKey(), request.getValue()));
            if (g.isPresent() && (filter.status() == null || filter.status().of(g.get()))) {
                out.add(g.get());
                if (out.size() == filter.limit()) {
                    break;
                }
            }
        }
        return out;
    }

    /**
     * A generation as the ledger tells it: its calls, in order. The ledger records calls, not the relay's
     * decisions, so deployments passed over without a call are not among the attempts, and the outcome is the
     * last call's (prefixed "not served" when no call succeeded).
     */
    static Optional<Generation> fromLedger(String id, List<UsageHistory.Call> calls) {
        if (calls.isEmpty()) {
            return Optional.empty();
        }
        List<Attempt> attempts = new ArrayList<>(calls.size());
        long cost = 0;
        for (UsageHistory.Call c : calls) {
            attempts.add(new Attempt(c.provider() + "/" + c.model(), c.status(), c.outcome(), c.latencyMicros()));
            cost += c.costMicros();
        }
        UsageHistory.Call last = calls.get(calls.size() - 1);
        boolean served = last.status() >= 200 && last.status() < 300;
        return Optional.of(new Generation(id, last.team(), last.apiKey(), last.alias(), served ? last.provider() : null,
                served ? last.model() : null, last.streamed(), served ? last.outcome() : "not served (last call: " + last.outcome() + ")",
                last.inputTokens(), last.outputTokens(), cost, List.copyOf(attempts), calls.get(0).occurredAt()));
    }
}
