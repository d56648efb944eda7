package dev.modelgate.relay.metrics;

import dev.modelgate.policy.eval.Decision;
import dev.modelgate.policy.eval.Rejection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The relay's Prometheus figures (scraped at {@code /metrics?scope=application}), named after the
 * OpenTelemetry GenAI conventions where one fits ({@code gen_ai.client.token.usage},
 * {@code gen_ai.client.operation.duration}, {@code gen_ai.server.time_to_first_token}) and {@code modelgate.*} otherwise. Labels are team, alias and
 * provider, all bounded by the policy; never a key, a prompt or a credential.
 */
@ApplicationScoped
public class RelayMetrics {

    private static final Metadata REQUESTS = Metadata.builder().withName("modelgate.requests")
            .withDescription("Requests the relay answered, by outcome (ok, failed, rejected)").build();
    private static final Metadata TOKENS = Metadata.builder().withName("gen_ai.client.token.usage")
            .withDescription("Tokens used per request, by gen_ai_token_type (input, output): a histogram, as the GenAI conventions have it").build();
    private static final Metadata COST = Metadata.builder().withName("modelgate.cost.micros")
            .withDescription("Cost in micro-USD at the prices in force").build();
    private static final Metadata DURATION = Metadata.builder().withName("gen_ai.client.operation.duration")
            .withDescription("Time of the serving provider call; for a stream, until its last chunk").build();
    private static final Metadata FIRST_TOKEN = Metadata.builder().withName("gen_ai.server.time_to_first_token")
            .withDescription("Streams: time from the serving call's start to the provider's first chunk").build();
    private static final Metadata FAILOVERS = Metadata.builder().withName("modelgate.failovers")
            .withDescription("Requests served by another deployment than the first one tried").build();
    private static final Metadata GUARDRAILS = Metadata.builder().withName("modelgate.guardrail.hits")
            .withDescription("Guardrail matches, by guardrail and action").build();
    private static final Metadata REJECTIONS = Metadata.builder().withName("modelgate.rejections")
            .withDescription("Requests refused before any provider call, by code (budget_exhausted, guardrail_denied, ...)").build();

    private static final Metadata REDIS_CHANGES = Metadata.builder().withName("modelgate.redis.state.changes")
            .withDescription("Changes between reachable (state=up) and unreachable (state=down) of the shared Redis").build();
    private static final Metadata REDIS_UP = Metadata.builder().withName("modelgate.redis.up")
            .withDescription("1 while the shared Redis answers, 0 from a failure until the next success").build();
    private static final Metadata OVERSHOOT = Metadata.builder().withName("modelgate.output.overshoot.tokens")
            .withDescription("Output tokens a provider returned beyond the max_tokens the relay sent (and reserved)").build();

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    private final Map<Labels, Meters> byLabels = new ConcurrentHashMap<>();

    /**
     * A request that reached providers: served ({@code provider} non-null) or failed on all of them.
     *
     * @param callMicros       the serving call, to its answer's end
     * @param firstTokenMicros a stream's serving call to its first chunk; 0 for an answer that is not a stream
     */
    public void answered(String team, String alias, String provider, boolean ok, long inputTokens, long outputTokens,
                         long costMicros, long callMicros, long firstTokenMicros, boolean failedOver) {
        Meters meters = byLabels.computeIfAbsent(new Labels(team, alias, provider), this::register);
        if (!ok) {
            meters.failed().inc();
            return;
        }
        meters.ok().inc();
        meters.inputTokens().update(inputTokens);
        meters.outputTokens().update(outputTokens);
        meters.cost().inc(costMicros);
        meters.duration().update(Duration.ofNanos(callMicros * 1000));
        if (firstTokenMicros > 0) {
            meters.firstToken().update(Duration.ofNanos(firstTokenMicros * 1000));
        }
        if (failedOver) {
            meters.failovers().inc();
        }
    }

    /**
     * The registry validates every tag and looks the metric up on each call, which cost more than the rest of the
     * accounting together; the label sets are few (bounded by the policy), so each set's meters are looked up once.
     */
    private Meters register(Labels labels) {
        Tag[] where = tags(labels.team(), labels.alias(), labels.provider());
        return new Meters(registry.counter(REQUESTS, append(where, new Tag("outcome", "ok"))),
                registry.counter(REQUESTS, append(where, new Tag("outcome", "failed"))),
                registry.histogram(TOKENS, append(where, new Tag("gen_ai_token_type", "input"))),
                registry.histogram(TOKENS, append(where, new Tag("gen_ai_token_type", "output"))),
                registry.counter(COST, where), registry.timer(DURATION, where), registry.timer(FIRST_TOKEN, where),
                registry.counter(FAILOVERS, where));
    }

    private record Labels(String team, String alias, String provider) {
    }

    private record Meters(Counter ok, Counter failed, Histogram inputTokens, Histogram outputTokens, Counter cost,
                          Timer duration, Timer firstToken, Counter failovers) {
    }

    /** A request refused before any provider call (policy, guardrail, budget, limits). */
    public void rejected(String team, Rejection rejection) {
        registry.counter(REJECTIONS, new Tag("team", label(team)), new Tag("code", label(rejection.code()))).inc();
        registry.counter(REQUESTS, append(tags(team, null, null), new Tag("outcome", "rejected"))).inc();
    }

    /** A provider answered with more output tokens than the max_tokens it was sent: the excess, by provider. */
    public void overshoot(String team, String alias, String provider, long tokens) {
        registry.counter(OVERSHOOT, tags(team, alias, provider)).inc(tokens);
    }

    /** A guardrail fired: counted by its id and the action it took, as the evaluator reports them. */
    public void guardrail(String team, Decision.GuardrailHit hit) {
        registry.counter(GUARDRAILS, new Tag("team", label(team)), new Tag("guardrail", label(hit.id())),
                new Tag("action", hit.action().name().toLowerCase(Locale.ROOT))).inc();
    }

    /** The shared Redis became reachable ({@code up}) or unreachable: counted once per change. */
    public void sharedState(boolean up) {
        registry.counter(REDIS_CHANGES, new Tag("state", up ? "up" : "down")).inc();
    }

    /** Publishes whether the shared Redis answers now. */
    public void sharedStateGauge(java.util.function.BooleanSupplier up) {
        registry.gauge(REDIS_UP, up, u -> u.getAsBoolean() ? 1 : 0);
    }

    private static Tag[] tags(String team, String alias, String provider) {
        return new Tag[]{new Tag("team", label(team)), new Tag("alias", label(alias)), new Tag("provider", label(provider))};
    }

    private static Tag[] append(Tag[] tags, Tag extra) {
        Tag[] out = java.util.Arrays.copyOf(tags, tags.length + 1);
        out[tags.length] = extra;
        return out;
    }

    private static String label(String value) {
        return value == null || value.isEmpty() ? "none" : value;
    }
}
