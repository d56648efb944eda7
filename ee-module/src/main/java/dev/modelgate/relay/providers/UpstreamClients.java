package dev.modelgate.relay.providers;

import dev.modelgate.policy.model.Provider;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An adapter's Rest Clients of one API: one per provider and base URL, built on first use by
 * {@link UpstreamCalls#client} with the provider's timeout from the policy, and kept, because a client
 * holds the provider's pool of keep-alive connections.
 */
public final class UpstreamClients<T> {

    private final Class<T> api;
    private final Map<String, T> clients = new ConcurrentHashMap<>();

    public UpstreamClients(Class<T> api) {
        this.api = api;
    }

    public T of(String providerId, String baseUrl, Provider provider) {
        return clients.computeIfAbsent(providerId + "|" + baseUrl, k -> UpstreamCalls.client(api, baseUrl, provider));
    }
}
