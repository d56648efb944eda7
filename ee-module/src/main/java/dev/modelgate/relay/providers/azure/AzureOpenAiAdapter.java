package dev.modelgate.relay.providers.azure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.model.Provider;
import dev.modelgate.policy.request.Endpoint;
import dev.modelgate.relay.providers.CallResult;
import dev.modelgate.relay.providers.ProviderAdapter;
import dev.modelgate.relay.providers.UpstreamCalls;
import dev.modelgate.relay.providers.UpstreamClients;
import dev.modelgate.relay.providers.UpstreamFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;

/**
 * Calls Azure OpenAI deployments. Azure speaks OpenAI's format, so request and answer pass through
 * untouched: the answer keeps Azure's {@code prompt_filter_results} and per-choice
 * {@code content_filter_results}, and a prompt its content filter blocks comes back as Azure's 400
 * ({@code code: content_filter}), a client error whose message the relay shows. Only the address (the
 * deployment in the path, {@code api-version} in the query) and the key header differ from OpenAI.
 */
@ApplicationScoped
public class AzureOpenAiAdapter implements ProviderAdapter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final UpstreamClients<AzureOpenAiApi> clients = new UpstreamClients<>(AzureOpenAiApi.class);

    @Override
    public boolean serves(Endpoint endpoint) {
        return endpoint == Endpoint.CHAT_COMPLETIONS || endpoint == Endpoint.COMPLETIONS || endpoint == Endpoint.EMBEDDINGS;
    }

    @Override
    public CallResult call(Endpoint endpoint, String providerId, Provider provider, ObjectNode body, boolean stream, String secret) {
        if (provider.baseUrl() == null) {
            // the policy loader insists on a base URL for Azure; this guards a policy built some other way
            return CallResult.failed(new UpstreamFailure(0, "no base_url for Azure OpenAI", 0, false, null));
        }
        AzureTarget target = AzureTarget.of(provider, body.path("model").asText());
        AzureOpenAiApi api = clients.of(providerId, target.deploymentUrl(), provider);
        return send(api, endpoint, target.apiVersion(), body, secret);
    }

    /** The call on a given client; the body keeps {@code model} (Azure ignores it) and any Azure-only fields. */
    static CallResult send(AzureOpenAiApi api, Endpoint endpoint, String apiVersion, ObjectNode body, String secret) {
        try {
            byte[] bytes = JSON.writeValueAsBytes(body);
            return UpstreamCalls.classify(switch (endpoint) {
                case CHAT_COMPLETIONS -> api.chatCompletions(apiVersion, secret, bytes);
                case COMPLETIONS -> api.completions(apiVersion, secret, bytes);
                case EMBEDDINGS -> api.embeddings(apiVersion, secret, bytes);
                default -> throw new IllegalArgumentException("not a JSON endpoint: " + endpoint);
            });
        } catch (ProcessingException e) {
            return UpstreamCalls.failed(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an OpenAI request tree could not be written", e);
        }
    }
}
