package dev.modelgate.relay.providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.model.Provider;
import dev.modelgate.policy.request.Endpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;


/**
 * Calls OpenAI and OpenAI-compatible providers (vLLM, Ollama, LM Studio, and the simulated one): the
 * request and answer pass through untouched apart from the model name and Anthropic's cache breakpoints
 * ({@link CacheMarks}), over {@link UpstreamHttp} with the
 * provider's timeout from the policy.
 */
@ApplicationScoped
public class OpenAiAdapter implements ProviderAdapter {

    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Upstream upstream;

    @Inject
    public OpenAiAdapter(UpstreamHttp upstream) {
        this.upstream = upstream;
    }

    /** For CDI's proxy only. */
    protected OpenAiAdapter() {
        this.upstream = null;
    }

    @Override
    public boolean serves(Endpoint endpoint) {
        return true; // the relay's endpoints are OpenAI's
    }

    @Override
    public CallResult upload(Endpoint endpoint, String providerId, Provider provider, byte[] body, String contentType, String secret) {
        // A multipart upload: the client's boundary travels in the content type, so it is passed as it came.
        return target(provider).post("audio/transcriptions", body, contentType, "Authorization", secret == null ? null : "Bearer " + secret);
    }

    @Override
    public CallResult call(Endpoint endpoint, String providerId, Provider provider, ObjectNode body, boolean stream, String secret) {
        String path = switch (endpoint) {
            case CHAT_COMPLETIONS -> "chat/completions";
            case COMPLETIONS -> "completions";
            case EMBEDDINGS -> "embeddings";
            case IMAGES_GENERATIONS -> "images/generations";
            case AUDIO_SPEECH -> "audio/speech"; // audio bytes come back, passed on with the provider's content type
            case AUDIO_TRANSCRIPTIONS -> throw new IllegalArgumentException("transcriptions are uploads");
        };
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(endpoint == Endpoint.CHAT_COMPLETIONS ? CacheMarks.without(body) : body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an OpenAI request tree could not be written", e);
        }
        return target(provider).post(path, bytes, UpstreamTarget.JSON, "Authorization", secret == null ? null : "Bearer " + secret);
    }

    private UpstreamTarget target(Provider provider) {
        return UpstreamTarget.of(upstream, ProviderAddresses.baseUrl(provider), provider);
    }
}
