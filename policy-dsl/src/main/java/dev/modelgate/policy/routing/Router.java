package dev.modelgate.policy.routing;

import dev.modelgate.policy.model.Candidate;
import dev.modelgate.policy.model.Capability;
import dev.modelgate.policy.model.DataPolicy;
import dev.modelgate.policy.model.ModelAlias;
import dev.modelgate.policy.model.Policy;
import dev.modelgate.policy.model.Price;
import dev.modelgate.policy.model.Provider;
import dev.modelgate.policy.model.Strategy;
import dev.modelgate.policy.pricing.Pricing;
import dev.modelgate.policy.pricing.Usage;
import dev.modelgate.policy.request.MaxPrice;
import dev.modelgate.policy.request.ProviderPreferences;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.function.Supplier;

/**
 * Orders the deployments that may serve a request: the alias's candidates, then the request's
 * {@code models} fallbacks, then the alias's policy fallbacks (transitively), each filtered by
 * capability, context window, data policy, guardrail model lists, the request's provider preferences
 * and open circuits, and ordered by the alias's strategy (or the request's {@code sort}).
 */
public final class Router {

    /** Error rate (per mille of recent calls) from which a deployment is tried after the healthy ones. */
    static final int FAILING_PERMILLE = 500;
    static final String CIRCUIT_OPEN = "circuit breaker open";
    /** Marks a context-window drop inside {@link #dropReason}; the recorded reason gives the numbers. */
    private static final String CONTEXT_TOO_SMALL = "context window too small";

    private final Policy policy;
    private final HealthSource health;
    private final Supplier<RandomGenerator> random;
    private final java.time.Clock clock;

    public Router(Policy policy, HealthSource health, Supplier<RandomGenerator> random) {
        this(policy, health, random, java.time.Clock.systemUTC());
    }

    /** @param clock what day it is, for the prices in force (a deployment's price schedule) */
    public Router(Policy policy, HealthSource health, Supplier<RandomGenerator> random, java.time.Clock clock) {
        this.policy = policy;
        this.health = health;
        this.random = random;
        this.clock = clock;
    }

    public RoutePlan route(RouteQuery query) {
        List<RouteCandidate> kept = new ArrayList<>();
        List<DroppedCandidate> dropped = new ArrayList<>();
        Set<String> unsupportedParameters = new java.util.TreeSet<>();
        Set<String> seenDeployments = new HashSet<>();
        boolean allowFallbacks = query.preferences().allowFallbacks();
        for (String alias : aliasesInOrder(query, dropped)) {
            ModelAlias model = policy.models().get(alias);
            List<RouteCandidate> fromAlias = new ArrayList<>(model.candidates().size());
            for (Candidate candidate : model.candidates()) {
                if (!seenDeployments.add(candidate.deploymentId())) {
                    continue; // already offered by an earlier alias
                }
                String reason = dropReason(alias, candidate, query);
                if (reason == null && query.preferences().requireParameters()) {
                    Set<String> missing = ParameterSupport.unsupported(query.parameters(), candidate,
                            policy.providers().get(candidate.provider()).type());
                    if (!missing.isEmpty()) {
                        unsupportedParameters.addAll(missing);
                        reason = "does not support " + String.join(", ", missing) + " (request set provider.require_parameters)";
                    }
                }
                if (reason == CONTEXT_TOO_SMALL) {
                    dropped.add(DroppedCandidate.contextWindow(alias, candidate.deploymentId(), candidate.contextWindow(),
                            query.inputTokens() + query.outputTokens()));
                } else if (reason != null) {
                    dropped.add(new DroppedCandidate(alias, candidate.deploymentId(), reason));
                } else {
                    Provider provider = policy.providers().get(candidate.provider());
                    long cost = Pricing.costMicros(candidate.priceAt(clock.instant()), Usage.tokens(query.inputTokens(), query.outputTokens()));
                    fromAlias.add(new RouteCandidate(alias, candidate.provider(), provider, candidate, cost));
                }
            }
            kept.addAll(order(fromAlias, model.strategy(), query.preferences()));
            if (!allowFallbacks) {
                break; // no other alias either: the caller asked for this model and nothing else
            }
        }
        if (!allowFallbacks && kept.size() > 1) {
            // allow_fallbacks: false means exactly one deployment is tried, like OpenRouter.
            for (RouteCandidate extra : kept.subList(1, kept.size())) {
                dropped.add(new DroppedCandidate(extra.alias(), extra.deploymentId(), "request set provider.allow_fallbacks=false"));
            }
            kept = List.of(kept.get(0));
        }
        return new RoutePlan(demoteFailing(preferOrder(kept, query.preferences())), dropped, unsupportedParameters);
    }

    /**
     * Deployments failing at least half their recent calls go last, whatever the strategy: they stay
     * available as a last resort (their breaker is not open yet) but healthy ones are tried first.
     */
    private List<RouteCandidate> demoteFailing(List<RouteCandidate> kept) {
        if (kept.size() < 2) {
            return kept;
        }
        List<RouteCandidate> healthy = new ArrayList<>(kept.size());
        List<RouteCandidate> failing = new ArrayList<>(0);
        for (RouteCandidate c : kept) {
            (health.health(c.deploymentId()).errorRatePermille() >= FAILING_PERMILLE ? failing : healthy).add(c);
        }
        if (failing.isEmpty()) {
            return kept;
        }
        healthy.addAll(failing);
        return healthy;
    }

    /** The alias, then the request's fallbacks, then policy fallbacks breadth-first; each alias once. */
    private List<String> aliasesInOrder(RouteQuery query, List<DroppedCandidate> dropped) {
        LinkedHashSet<String> order = new LinkedHashSet<>();
        order.add(query.alias());
        for (String extra : query.extraAliases()) {
            if (!policy.models().containsKey(extra)) {
                dropped.add(new DroppedCandidate(extra, "*", "unknown model alias in request 'models'"));
            } else if (!query.aliasAllowed().test(extra)) {
                dropped.add(new DroppedCandidate(extra, "*", "team may not use this alias"));
            } else {
                order.add(extra);
            }
        }
        List<String> queue = new ArrayList<>(order);
        for (int i = 0; i < queue.size(); i++) {
            for (String fallback : policy.models().get(queue.get(i)).fallbacks()) {
                if (query.aliasAllowed().test(fallback) && order.add(fallback)) {
                    queue.add(fallback);
                }
            }
        }
        return List.copyOf(order);
    }

    private String dropReason(String alias, Candidate candidate, RouteQuery query) {
        Provider provider = policy.providers().get(candidate.provider());
        if (query.chat() && isSpecialised(candidate)) {
            return "serves " + candidate.capabilities().iterator().next().name().toLowerCase() + " only, not chat";
        }
        for (var capability : query.required()) {
            if (!candidate.capabilities().contains(capability)) {
                return "lacks capability " + capability.name().toLowerCase();
            }
        }
        if (candidate.contextWindow() != null && query.inputTokens() + query.outputTokens() > candidate.contextWindow()) {
            return CONTEXT_TOO_SMALL;
        }
        if (!query.modelAllowed().test(alias, candidate.model())) {
            return "model blocked by a guardrail model list";
        }
        String data = dataPolicyReason(candidate.provider(), provider, query.dataPolicy());
        if (data != null) {
            return data;
        }
        String preference = preferenceReason(candidate, provider, query.preferences());
        if (preference != null) {
            return preference;
        }
        if (health.health(candidate.deploymentId()).circuit() == CircuitState.OPEN) {
            return CIRCUIT_OPEN;
        }
        return null;
    }

    /** A deployment that declares only embeddings, images or audio cannot answer chat or completions. */
    private static boolean isSpecialised(Candidate candidate) {
        return !candidate.capabilities().isEmpty() && candidate.capabilities().stream().allMatch(c ->
                c == Capability.EMBEDDINGS || c == Capability.IMAGES || c == Capability.AUDIO);
    }

    private static String dataPolicyReason(String providerId, Provider provider, DataPolicy policy) {
        if (policy.zdrOnly() && !provider.zdr()) {
            return "team data policy: provider does not offer zero data retention";
        }
        if (policy.noDataCollection() && provider.dataCollection()) {
            return "team data policy: provider may collect data";
        }
        if (!policy.regions().isEmpty() && !policy.regions().contains(provider.region())) {
            return "team data policy: region " + provider.region() + " not in " + policy.regions();
        }
        if (!policy.allowedProviders().isEmpty() && !policy.allowedProviders().contains(providerId)) {
            return "team data policy: provider not in allowed_providers";
        }
        if (policy.blockedProviders().contains(providerId)) {
            return "team data policy: provider is blocked";
        }
        return null;
    }

    private String preferenceReason(Candidate candidate, Provider provider, ProviderPreferences prefs) {
        String providerId = candidate.provider();
        if (!prefs.only().isEmpty() && !prefs.only().contains(providerId)) {
            return "request provider.only excludes it";
        }
        if (prefs.ignore().contains(providerId)) {
            return "request provider.ignore lists it";
        }
        if (prefs.zdr() && !provider.zdr()) {
            return "request provider.zdr requires zero data retention";
        }
        if (prefs.dataCollection() == ProviderPreferences.DataCollection.DENY && provider.dataCollection()) {
            return "request provider.data_collection=deny";
        }
        MaxPrice max = prefs.maxPrice();
        if (max != null) {
            Price price = candidate.priceAt(clock.instant());
            if (over(price.inputPerMtok(), max.prompt())) {
                return "input price " + price.inputPerMtok().toPlainString() + " over request max_price.prompt";
            }
            if (over(price.outputPerMtok(), max.completion())) {
                return "output price " + price.outputPerMtok().toPlainString() + " over request max_price.completion";
            }
            if (over(price.perRequest(), max.request())) {
                return "per-request price over request max_price.request";
            }
            if (over(price.perImage(), max.image())) {
                return "image price over request max_price.image";
            }
        }
        return null;
    }

    private static boolean over(BigDecimal price, BigDecimal cap) {
        return cap != null && price.compareTo(cap) > 0;
    }

    private List<RouteCandidate> order(List<RouteCandidate> candidates, Strategy strategy, ProviderPreferences prefs) {
        if (candidates.size() < 2) {
            return candidates;
        }
        Strategy effective = switch (prefs.sort()) {
            case PRICE -> Strategy.LOWEST_COST;
            case LATENCY, THROUGHPUT -> Strategy.LOWEST_LATENCY;
            case NONE -> strategy;
        };
        List<RouteCandidate> sorted = new ArrayList<>(candidates);
        switch (effective) {
            case PRIORITY -> {
            }
            case LOWEST_COST -> sorted.sort(Comparator.comparingLong(RouteCandidate::estimatedCostMicros)); // stable: ties keep policy order
            case LOWEST_LATENCY -> sorted.sort(Comparator.comparingLong(this::latencyOrUnknownLast));
            case WEIGHTED -> weightedShuffle(sorted);
        }
        return sorted;
    }

    private long latencyOrUnknownLast(RouteCandidate candidate) {
        DeploymentHealth h = health.health(candidate.deploymentId());
        return h.hasLatency() ? h.ewmaLatencyMicros() : Long.MAX_VALUE;
    }

    /** Weighted random order without replacement: each position drawn by weight among what is left. */
    private void weightedShuffle(List<RouteCandidate> list) {
        RandomGenerator rng = random.get();
        for (int i = 0; i < list.size() - 1; i++) {
            long total = 0;
            for (int j = i; j < list.size(); j++) {
                total += list.get(j).candidate().weight();
            }
            long pick = rng.nextLong(total);
            int chosen = i;
            for (int j = i; j < list.size(); j++) {
                pick -= list.get(j).candidate().weight();
                if (pick < 0) {
                    chosen = j;
                    break;
                }
            }
            // move the chosen one up; the rest keep their policy order relative to each other
            list.add(i, list.remove(chosen));
        }
    }

    /** provider.order from the request: the listed providers first, in the order given; the rest after. */
    private static List<RouteCandidate> preferOrder(List<RouteCandidate> kept, ProviderPreferences prefs) {
        if (prefs.order().isEmpty() || kept.size() < 2) {
            return kept;
        }
        List<RouteCandidate> sorted = new ArrayList<>(kept);
        sorted.sort(Comparator.comparingInt(c -> {
            int i = prefs.order().indexOf(c.providerId());
            return i < 0 ? Integer.MAX_VALUE : i;
        }));
        return sorted;
    }
}
