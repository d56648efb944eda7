package dev.modelgate.relay.providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.model.Provider;
import dev.modelgate.policy.model.ProviderType;
import dev.modelgate.relay.providers.responses.ResponsesWire;
import dev.modelgate.policy.request.Endpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;


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
    private static final NativeWire RESPONSES = new ResponsesWire();

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

    /**
     * A Responses API request ({@code /v1/responses}, marked as OpenAI's own format) goes to the provider's
     * {@code /v1/responses} as the client sent it. The relay asks only for deployments whose provider is OpenAI's
     * (or the simulated one playing it): OpenAI-compatible servers are reached through chat.
     */
    @Override
    public NativeWire passesThrough(ProviderType format) {
        return format == ProviderType.OPENAI ? RESPONSES : null;
    }

    @Override
    public CallResult passThrough(Provider provider, byte[] body, List<String> clientHeaders, String secret) {
        return target(provider).post("responses", body, UpstreamTarget.JSON, "Authorization", secret == null ? null : "Bearer " + secret);
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
            case RESPONSES -> "responses";
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
