package dev.modelgate.relay.providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.model.Provider;
import dev.modelgate.policy.request.Endpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;


/**
 * Calls OpenAI and OpenAI-compatible providers (vLLM, Ollama, LM Studio, and the simulated one): the
 * request and answer pass through untouched apart from the model name. One Rest Client per provider,
 * built on first use with the provider's timeout from the policy.
 */
@ApplicationScoped
public class OpenAiAdapter implements ProviderAdapter {

    static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final UpstreamClients<OpenAiApi> clients = new UpstreamClients<>(OpenAiApi.class);

    @Override
    public boolean serves(Endpoint endpoint) {
        return true; // the relay's endpoints are OpenAI's
    }

    @Override
    public CallResult upload(Endpoint endpoint, String providerId, Provider provider, byte[] body, String contentType, String secret) {
        try {
            return UpstreamCalls.classify(api(providerId, provider).audioTranscriptions(secret == null ? null : "Bearer " + secret,
                    contentType, body));
        } catch (ProcessingException e) {
            return UpstreamCalls.failed(e);
        }
    }

    @Override
    public CallResult call(Endpoint endpoint, String providerId, Provider provider, ObjectNode body, boolean stream, String secret) {
        OpenAiApi api = api(providerId, provider);
        String auth = secret == null ? null : "Bearer " + secret;
        try {
            byte[] bytes = JSON.writeValueAsBytes(body);
            return UpstreamCalls.classify(switch (endpoint) {
                case CHAT_COMPLETIONS -> api.chatCompletions(auth, bytes);
                case COMPLETIONS -> api.completions(auth, bytes);
                case EMBEDDINGS -> api.embeddings(auth, bytes);
                case IMAGES_GENERATIONS -> api.imagesGenerations(auth, bytes);
                case AUDIO_SPEECH -> api.audioSpeech(auth, bytes);
                case AUDIO_TRANSCRIPTIONS -> throw new IllegalArgumentException("transcriptions are uploads");
            });
        } catch (ProcessingException e) {
            return UpstreamCalls.failed(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an OpenAI request tree could not be written", e);
        }
    }

    private OpenAiApi api(String providerId, Provider provider) {
        return clients.of(providerId, provider.baseUrl() == null ? DEFAULT_BASE_URL : provider.baseUrl(), provider);
    }
}
