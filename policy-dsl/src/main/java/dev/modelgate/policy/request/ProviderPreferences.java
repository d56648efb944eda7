package dev.modelgate.policy.request;

import java.util.List;
import java.util.Objects;

/** OpenRouter's {@code provider} object: the caller's constraints on which provider may serve the request. */
public record ProviderPreferences(List<String> order, List<String> only, List<String> ignore, boolean allowFallbacks,
        boolean requireParameters, DataCollection dataCollection, boolean zdr, Sort sort, MaxPrice maxPrice) {

    public enum DataCollection { ALLOW, DENY }

    public enum Sort { NONE, PRICE, THROUGHPUT, LATENCY }

    private static final ProviderPreferences NONE = new ProviderPreferences(List.of(), List.of(), List.of(), true,
            false, DataCollection.ALLOW, false, Sort.NONE, MaxPrice.none());

    public ProviderPreferences {
        order = List.copyOf(order);
        only = List.copyOf(only);
        ignore = List.copyOf(ignore);
        Objects.requireNonNull(dataCollection, "dataCollection");
        Objects.requireNonNull(sort, "sort");
        Objects.requireNonNull(maxPrice, "maxPrice");
    }

    /** OpenRouter's defaults, used when the body has no {@code provider} object. */
    public static ProviderPreferences none() {
        return NONE;
    }
}
