package dev.modelgate.relay.providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.model.Provider;
import dev.modelgate.policy.request.Endpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls OpenAI and OpenAI-compatible providers (vLLM, Ollama, LM Studio, and the simulated one): the
 * request and answer pass through untouched apart from the model name. One Rest Client per provider,
 * built on first use with the provider's timeout from the policy.
 */
@ApplicationScoped
public class OpenAiAdapter implements ProviderAdapter {

    static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, OpenAiApi> clients = new ConcurrentHashMap<>();

    @Override
    public CallResult call(Endpoint endpoint, String providerId, Provider provider, ObjectNode body, boolean stream, String secret) {
        String baseUrl = provider.baseUrl() == null ? DEFAULT_BASE_URL : provider.baseUrl();
        OpenAiApi api = clients.computeIfAbsent(providerId + "|" + baseUrl, k -> UpstreamCalls.client(OpenAiApi.class, baseUrl, provider));
        String auth = secret == null ? null : "Bearer " + secret;
        try {
            byte[] bytes = JSON.writeValueAsBytes(body);
            return UpstreamCalls.classify(switch (endpoint) {
                case CHAT_COMPLETIONS -> api.chatCompletions(auth, bytes);
                case COMPLETIONS -> api.completions(auth, bytes);
                case EMBEDDINGS -> api.embeddings(auth, bytes);
                default -> throw new IllegalArgumentException("not a JSON endpoint: " + endpoint);
            });
        } catch (ProcessingException e) {
            return UpstreamCalls.failed(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an OpenAI request tree could not be written", e);
        }
    }
}
