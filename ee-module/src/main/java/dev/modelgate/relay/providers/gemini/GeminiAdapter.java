package dev.modelgate.relay.providers.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.model.Provider;
import dev.modelgate.policy.request.Endpoint;
import dev.modelgate.relay.providers.CallResult;
import dev.modelgate.relay.providers.ProviderAdapter;
import dev.modelgate.relay.providers.TranslationException;
import dev.modelgate.relay.providers.TranslationFailures;
import dev.modelgate.relay.providers.UpstreamCalls;
import dev.modelgate.relay.providers.UpstreamClients;
import dev.modelgate.relay.sse.TranslatingInputStream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.UUID;

/**
 * Calls Google's Gemini models through the Generative Language API, translating OpenAI chat requests and
 * embeddings to Gemini's format and the answers back. One Rest Client per provider and base URL, built on
 * first use with the provider's timeout from the policy.
 */
@ApplicationScoped
public class GeminiAdapter implements ProviderAdapter {

    static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final UpstreamClients<GeminiApi> clients = new UpstreamClients<>(GeminiApi.class);

    @Override
    public boolean serves(Endpoint endpoint) {
        return endpoint == Endpoint.CHAT_COMPLETIONS || endpoint == Endpoint.EMBEDDINGS;
    }

    @Override
    public CallResult call(Endpoint endpoint, String providerId, Provider provider, ObjectNode body, boolean stream, String secret) {
        String baseUrl = provider.baseUrl() == null ? DEFAULT_BASE_URL : provider.baseUrl();
        GeminiApi api = clients.of(providerId, baseUrl, provider);
        return call(api, endpoint, body, stream, secret, Instant.now());
    }

    /** The call on a given client, at a given time (the answer's {@code created}). */
    static CallResult call(GeminiApi api, Endpoint endpoint, ObjectNode body, boolean stream, String secret, Instant now) {
        String model = modelName(body.path("model").asText());
        try {
            return switch (endpoint) {
                case CHAT_COMPLETIONS -> chat(api, model, body, stream, secret, now.getEpochSecond());
                case EMBEDDINGS -> embeddings(api, model, body, secret);
                default -> TranslationFailures.refused("Gemini models do not serve " + endpoint.path() + ".", "unsupported_endpoint");
            };
        } catch (TranslationException e) {
            return TranslationFailures.refused(e.getMessage(), "untranslatable_request");
        } catch (ProcessingException e) {
            return UpstreamCalls.failed(e);
        }
    }

    private static CallResult chat(GeminiApi api, String model, ObjectNode body, boolean stream, String secret, long created)
            throws TranslationException {
        byte[] request = bytes(GeminiRequests.chat(body));
        String id = "chatcmpl-" + UUID.randomUUID();
        if (stream) {
            CallResult result = upstream(api.streamGenerateContent(model, "sse", secret, request));
            return result.ok()
                    ? CallResult.ok(new TranslatingInputStream(result.answer(), new GeminiStream(id, model, created)))
                    : result;
        }
        CallResult result = upstream(api.generateContent(model, secret, request));
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

    private static CallResult embeddings(GeminiApi api, String model, ObjectNode body, String secret) throws TranslationException {
        byte[] request = bytes(GeminiEmbeddings.request(body, model));
        CallResult result = upstream(api.batchEmbedContents(model, secret, request));
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
    private static CallResult upstream(Response response) {
        CallResult result = UpstreamCalls.classify(response);
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
