package dev.modelgate.relay.providers.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.model.Provider;
import dev.modelgate.policy.request.Endpoint;
import dev.modelgate.relay.providers.CallResult;
import dev.modelgate.relay.providers.ProviderAdapter;
import dev.modelgate.relay.providers.ProviderAddresses;
import dev.modelgate.relay.providers.TranslationException;
import dev.modelgate.relay.providers.TranslationFailures;
import dev.modelgate.relay.providers.Upstream;
import dev.modelgate.relay.providers.UpstreamHttp;
import dev.modelgate.relay.providers.UpstreamTarget;
import dev.modelgate.relay.sse.TranslatingInputStream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.UUID;

/**
 * Calls Google's Gemini models through the Generative Language API, translating OpenAI chat requests and
 * embeddings to Gemini's format and the answers back, over {@link UpstreamHttp} with the provider's timeout
 * from the policy. The key travels in {@code x-goog-api-key} rather than the {@code key} query parameter, so it
 * never appears in a URL that a proxy or an error message might log.
 */
@ApplicationScoped
public class GeminiAdapter implements ProviderAdapter {

    public static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Upstream upstream;

    @Inject
    public GeminiAdapter(UpstreamHttp upstream) {
        this.upstream = upstream;
    }

    /** For CDI's proxy only. */
    protected GeminiAdapter() {
        this.upstream = null;
    }

    @Override
    public boolean serves(Endpoint endpoint) {
        return endpoint == Endpoint.CHAT_COMPLETIONS || endpoint == Endpoint.EMBEDDINGS;
    }

    @Override
    public CallResult call(Endpoint endpoint, String providerId, Provider provider, ObjectNode body, boolean stream, String secret) {
        String baseUrl = ProviderAddresses.baseUrl(provider);
        return call(UpstreamTarget.of(upstream, baseUrl, provider), endpoint, body, stream, secret, Instant.now());
    }

    /** The call to a given API, at a given time (the answer's {@code created}). */
    static CallResult call(UpstreamTarget api, Endpoint endpoint, ObjectNode body, boolean stream, String secret, Instant now) {
        String model = modelName(body.path("model").asText());
        try {
            return switch (endpoint) {
                case CHAT_COMPLETIONS -> chat(api, model, body, stream, secret, now.getEpochSecond());
                case EMBEDDINGS -> embeddings(api, model, body, secret);
                default -> TranslationFailures.refused("Gemini models do not serve " + endpoint.path() + ".", "unsupported_endpoint");
            };
        } catch (TranslationException e) {
            return TranslationFailures.refused(e.getMessage(), "untranslatable_request");
        }
    }

    private static CallResult chat(UpstreamTarget api, String model, ObjectNode body, boolean stream, String secret, long created)
            throws TranslationException {
        byte[] request = bytes(GeminiRequests.chat(body));
        String id = "chatcmpl-" + UUID.randomUUID();
        if (stream) {
            CallResult result = reclassified(api.post("models/" + UpstreamTarget.segment(model) + ":streamGenerateContent?alt=sse", request,
                    UpstreamTarget.JSON, "x-goog-api-key", secret));
            return result.ok()
                    ? CallResult.ok(new TranslatingInputStream(result.answer(), new GeminiStream(id, model, created)))
                    : result;
        }
        CallResult result = reclassified(api.post("models/" + UpstreamTarget.segment(model) + ":generateContent", request,
                UpstreamTarget.JSON, "x-goog-api-key", secret));
        if (!result.ok()) {
            return result;
        }
        JsonNode answer;
        try (InputStream in = result.answer()) {
            answer = JSON.readTree(in);
        } catch (IOException e) {
            return TranslationFailures.unreadable("not JSON");
        }
        if (answer == null) {
            return TranslationFailures.unreadable("empty");
        }
        String blocked = GeminiAnswers.blockedPrompt(answer).orElse(null);
        if (blocked != null) {
            return TranslationFailures.refused(blocked, "content_filter");
        }
        try {
            return CallResult.ok(new ByteArrayInputStream(bytes(GeminiAnswers.chatCompletion(answer, id, model, created))));
        } catch (TranslationException e) {
            return TranslationFailures.unreadable(e.getMessage());
        }
    }

    private static CallResult embeddings(UpstreamTarget api, String model, ObjectNode body, String secret) throws TranslationException {
        byte[] request = bytes(GeminiEmbeddings.request(body, model));
        CallResult result = reclassified(api.post("models/" + UpstreamTarget.segment(model) + ":batchEmbedContents", request,
                UpstreamTarget.JSON, "x-goog-api-key", secret));
        if (!result.ok()) {
            return result;
        }
        try (InputStream in = result.answer()) {
            JsonNode answer = JSON.readTree(in);
            boolean base64 = body.path("encoding_format").asText("float").equals("base64");
            return CallResult.ok(new ByteArrayInputStream(bytes(GeminiEmbeddings.answer(answer, model, base64))));
        } catch (TranslationException e) {
            return TranslationFailures.unreadable(e.getMessage());
        } catch (IOException e) {
            return TranslationFailures.unreadable("not JSON");
        }
    }

    /** The upstream answer classified, with Gemini's way of saying "bad key" counted against the deployment. */
    private static CallResult reclassified(CallResult result) {
        return result.ok() ? result : CallResult.failed(GeminiFailures.reclassify(result.failure()));
    }

    /** Policies may name the model as Google lists it ({@code models/gemini-2.5-flash}) or without the prefix. */
    static String modelName(String model) {
        return model.startsWith("models/") ? model.substring("models/".length()) : model;
    }

    private static byte[] bytes(JsonNode tree) {
        try {
            return JSON.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }
}
