package dev.modelgate.relay.providers.anthropic;

import dev.modelgate.policy.model.Provider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Asks an Anthropic deployment how many input tokens a Messages body has: Anthropic's own count, exact for its
 * tokenizer, where Modelgate's estimate can only approximate it. Any failure (a refused key, a timeout, an answer
 * without a count) gives no count, and the caller falls back to its estimate.
 */
@ApplicationScoped
public class AnthropicTokenCount {

    /** Counting precedes a turn: never held up longer than this, whatever the provider's generation timeout. */
    static final long MAX_WAIT_MILLIS = 5_000;

    /**
     * @param body          the client's Messages body with the deployment's model set, without max_tokens and stream
     * @param clientHeaders the client's {@code anthropic-version} and {@code anthropic-beta} (name, value pairs)
     */
    public OptionalLong count(Provider provider, String secret, String body, List<String> clientHeaders) {
        String version = AnthropicAdapter.VERSION;
        String beta = null;
        for (int i = 0; i + 1 < clientHeaders.size(); i += 2) {
            String name = clientHeaders.get(i).toLowerCase(Locale.ROOT);
            if (name.equals("anthropic-version")) {
                version = clientHeaders.get(i + 1);
            } else if (name.equals("anthropic-beta")) {
                beta = clientHeaders.get(i + 1);
            }
        }
        long wait = Math.min(provider.resilience().timeoutMs(), MAX_WAIT_MILLIS);
        AnthropicCountApi api = RestClientBuilder.newBuilder()
                .baseUri(URI.create(AnthropicAdapter.apiBase(provider) + "/"))
                .connectTimeout(wait, TimeUnit.MILLISECONDS)
                .readTimeout(wait, TimeUnit.MILLISECONDS)
                .build(AnthropicCountApi.class);
        try {
            JsonObject answer = api.count(secret, version, beta, body);
            return answer != null && answer.get("input_tokens") instanceof JsonNumber n && n.isIntegral() && n.longValue() >= 0
                    ? OptionalLong.of(n.longValue()) : OptionalLong.empty();
        } catch (WebApplicationException | ProcessingException e) {
            return OptionalLong.empty();
        } finally {
            if (api instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // a client built for one call: nothing to keep
                }
            }
        }
    }
}
