package dev.modelgate.relay.providers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.model.Provider;
import dev.modelgate.policy.request.Endpoint;

/**
 * Calls one provider deployment in its own wire format. The relay speaks OpenAI's format on both sides:
 * an adapter takes an OpenAI-shaped request and gives back an OpenAI-shaped answer (a JSON body, or SSE
 * chunks ending with {@code data: [DONE]} for a stream), translating in between when its provider speaks
 * another format. Failover, retries, breakers and metering stay in the relay, the same for every provider.
 */
public interface ProviderAdapter {

    /**
     * @param body   the OpenAI-shaped request with the upstream model set; shared across deployments, so read-only
     * @param stream whether the client asked for a stream (the body says so too)
     * @param secret the provider's credential, or null when it names none
     */
    CallResult call(Endpoint endpoint, String providerId, Provider provider, ObjectNode body, boolean stream, String secret);
}
