package dev.modelgate.relay.providers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.model.Provider;
import dev.modelgate.policy.model.ProviderType;
import dev.modelgate.policy.request.Endpoint;

import java.util.List;

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

    /**
     * Whether this provider's API has the endpoint at all. A deployment without it is skipped, not counted
     * as failed. Chat is what every provider has.
     */
    default boolean serves(Endpoint endpoint) {
        return endpoint == Endpoint.CHAT_COMPLETIONS;
    }

    /**
     * The provider's own wire format, when it is {@code format}: then a client's request in that format is
     * {@linkplain #passThrough passed through} and its answer read with what this returns. Null otherwise.
     */
    default NativeWire passesThrough(ProviderType format) {
        return null;
    }

    /**
     * Sends a client's body in the provider's own format (its model already set), with the client's protocol
     * headers (name, value pairs) the format defines; the answer is in that format too. Only asked when
     * {@link #passesThrough} answered for the body's format.
     */
    default CallResult passThrough(Provider provider, byte[] body, List<String> clientHeaders, String secret) {
        throw new UnsupportedOperationException(provider.type() + " passes nothing through");
    }

    /**
     * Sends an upload (an audio transcription's multipart form, with the upstream model already set) as it
     * is. Only adapters that {@link #serves} such an endpoint are asked.
     */
    default CallResult upload(Endpoint endpoint, String providerId, Provider provider, byte[] body, String contentType, String secret) {
        throw new UnsupportedOperationException(provider.type() + " takes no uploads");
    }
}
