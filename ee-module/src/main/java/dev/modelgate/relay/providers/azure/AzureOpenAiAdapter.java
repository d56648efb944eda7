package dev.modelgate.relay.providers.azure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.model.Provider;
import dev.modelgate.policy.request.Endpoint;
import dev.modelgate.relay.providers.CacheMarks;
import dev.modelgate.relay.providers.CallResult;
import dev.modelgate.relay.providers.ProviderAdapter;
import dev.modelgate.relay.providers.Upstream;
import dev.modelgate.relay.providers.UpstreamFailure;
import dev.modelgate.relay.providers.UpstreamHttp;
import dev.modelgate.relay.providers.UpstreamTarget;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

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

    private final Upstream upstream;

    @Inject
    public AzureOpenAiAdapter(UpstreamHttp upstream) {
        this.upstream = upstream;
    }

    /** For CDI's proxy only. */
    protected AzureOpenAiAdapter() {
        this.upstream = null;
    }

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
        return send(UpstreamTarget.of(upstream, target.deploymentUrl(), provider), endpoint, target.apiVersion(), body, secret);
    }

    /**
     * The call to one deployment ({@code api} is at its {@link AzureTarget#deploymentUrl()}); the body keeps
     * {@code model} (Azure ignores it) and any Azure-only fields. Azure takes the key in {@code api-key}.
     */
    static CallResult send(UpstreamTarget api, Endpoint endpoint, String apiVersion, ObjectNode body, String secret) {
        String path = switch (endpoint) {
            case CHAT_COMPLETIONS -> "chat/completions";
            case COMPLETIONS -> "completions";
            case EMBEDDINGS -> "embeddings";
            default -> throw new IllegalArgumentException("not a JSON endpoint: " + endpoint);
        };
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(endpoint == Endpoint.CHAT_COMPLETIONS ? CacheMarks.without(body) : body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an OpenAI request tree could not be written", e);
        }
        return api.post(path + "?api-version=" + UpstreamTarget.segment(apiVersion), bytes, UpstreamTarget.JSON, "api-key", secret);
    }
}
