package dev.modelgate.relay.providers.models;

import dev.modelgate.policy.model.Provider;
import dev.modelgate.relay.providers.ProviderAddresses;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * Checks a provider key by listing the provider's models with it, the cheapest call every provider has and one
 * that costs no tokens. Tells a key the provider refuses ({@link Status#REJECTED}) from a provider that could
 * not be asked ({@link Status#UNREACHABLE}). What it reports never holds the key, nor the provider's error
 * text, which may quote part of the key ("Incorrect API key provided: sk-ab***yz").
 */
@ApplicationScoped
public class CredentialCheck {

    /** A check never waits longer than this, whatever the provider's timeout: an admin is waiting for the answer. */
    static final long MAX_WAIT_MILLIS = 10_000;
    static final String ANTHROPIC_VERSION = "2023-06-01";

    public enum Status {
        OK, REJECTED, UNREACHABLE, SKIPPED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param models how many models the key may see, when the check passed
     * @param detail why it did not pass, in words safe to show (a status code, an exception's kind)
     */
    public record Outcome(String provider, Status status, int models, String detail) {
    }

    /** Lists {@code provider}'s models with {@code key}. */
    public Outcome check(String providerId, Provider provider, String key) {
        // Anthropic's base URL may be given with or without /v1, as for its generations.
        String base = provider.type() == dev.modelgate.policy.model.ProviderType.ANTHROPIC
                ? dev.modelgate.relay.providers.anthropic.AnthropicAdapter.apiBase(provider) : ProviderAddresses.baseUrl(provider);
        long wait = Math.min(provider.resilience().timeoutMs(), MAX_WAIT_MILLIS);
        ModelListApi api = RestClientBuilder.newBuilder()
                .baseUri(URI.create(base.endsWith("/") ? base : base + "/"))
                .connectTimeout(wait, TimeUnit.MILLISECONDS)
                .readTimeout(wait, TimeUnit.MILLISECONDS)
                .build(ModelListApi.class);
        try {
            JsonObject list = switch (provider.type()) {
                case OPENAI, OPENAI_COMPATIBLE, SIMULATED -> api.openAi("Bearer " + key);
                case ANTHROPIC -> api.anthropic(key, ANTHROPIC_VERSION);
                case GEMINI -> api.gemini(key);
                case AZURE_OPENAI -> api.azure(ProviderAddresses.azureApiVersion(provider), key);
            };
            return new Outcome(providerId, Status.OK, count(list), null);
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            // A refused key: 401/403 everywhere, and Gemini's 400 API_KEY_INVALID.
            boolean refused = status == 401 || status == 403 || (status == 400 && provider.type() == dev.modelgate.policy.model.ProviderType.GEMINI);
            return new Outcome(providerId, refused ? Status.REJECTED : Status.UNREACHABLE, 0, "HTTP " + status);
        } catch (ProcessingException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return new Outcome(providerId, Status.UNREACHABLE, 0, cause.getClass().getSimpleName());
        } finally {
            close(api);
        }
    }

    /** OpenAI, Anthropic and Azure list under {@code data}, Gemini under {@code models}. */
    private static int count(JsonObject list) {
        for (String field : new String[]{"data", "models"}) {
            JsonValue value = list == null ? null : list.get(field);
            if (value instanceof JsonArray array) {
                return array.size();
            }
        }
        return 0;
    }

    private static void close(ModelListApi api) {
        if (api instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // a client built for one call: nothing to keep
            }
        }
    }
}
