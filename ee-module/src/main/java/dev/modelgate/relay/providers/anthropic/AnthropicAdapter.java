package dev.modelgate.relay.providers.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.model.Provider;
import dev.modelgate.policy.request.Endpoint;
import dev.modelgate.policy.model.ProviderType;
import dev.modelgate.relay.providers.CallResult;
import dev.modelgate.relay.providers.NativeWire;
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
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Calls Anthropic's Messages API for OpenAI-shaped chat requests: the request is translated before the
 * call, the answer (a message, or its event stream) after it, so the relay sees OpenAI's format only.
 * Anthropic has no equivalent of the other OpenAI endpoints. Sent over {@link UpstreamHttp} with the
 * provider's timeout from the policy.
 */
@ApplicationScoped
public class AnthropicAdapter implements ProviderAdapter {

    public static final String DEFAULT_BASE_URL = "https://api.anthropic.com/v1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final NativeWire WIRE = new AnthropicWire();

    /** The API version this adapter's translation is written against; Anthropic requires it on every call. */
    static final String VERSION = "2023-06-01";

    private final Upstream upstream;
    private final Clock clock;

    @Inject
    public AnthropicAdapter(UpstreamHttp upstream) {
        this(upstream, Clock.systemUTC());
    }

    /** For CDI's proxy only. */
    protected AnthropicAdapter() {
        this(null, Clock.systemUTC());
    }

    AnthropicAdapter(Upstream upstream, Clock clock) {
        this.upstream = upstream;
        this.clock = clock;
    }

    @Override
    public CallResult call(Endpoint endpoint, String providerId, Provider provider, ObjectNode body, boolean stream, String secret) {
        if (endpoint != Endpoint.CHAT_COMPLETIONS) {
            return TranslationFailures.refused("Anthropic has no " + endpoint.path() + " endpoint; only chat completions can be served by it",
                    "unsupported_endpoint");
        }
        byte[] request;
        try {
            request = JSON.writeValueAsBytes(AnthropicRequests.toAnthropic(body));
        } catch (TranslationException e) {
            return TranslationFailures.refused("The request cannot be sent to Anthropic: " + e.getMessage(), "untranslatable_request");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an Anthropic request tree could not be written", e);
        }
        // x-api-key is left out for a keyless endpoint (a simulator); no beta features are asked for.
        CallResult result = UpstreamTarget.of(upstream, apiBase(provider), provider).post("messages", request, UpstreamTarget.JSON,
                "x-api-key", secret, "anthropic-version", VERSION);
        if (!result.ok()) {
            return result;
        }
        long created = clock.instant().getEpochSecond();
        return stream ? CallResult.ok(new TranslatingInputStream(result.answer(), new AnthropicStream(created)))
                : translated(result.answer(), created);
    }

    @Override
    public NativeWire passesThrough(ProviderType format) {
        return format == ProviderType.ANTHROPIC ? WIRE : null;
    }

    /**
     * The client's own Messages body and its {@code anthropic-version} and {@code anthropic-beta} headers, sent as
     * they are: the answer comes back in Anthropic's format, for a client that speaks it.
     */
    @Override
    public CallResult passThrough(Provider provider, byte[] body, List<String> clientHeaders, String secret) {
        List<String> headers = new ArrayList<>(List.of("x-api-key", secret == null ? "" : secret));
        if (secret == null) {
            headers.set(1, null); // a keyless endpoint (a simulator)
        }
        String version = null;
        for (int i = 0; i + 1 < clientHeaders.size(); i += 2) {
            String name = clientHeaders.get(i).toLowerCase(Locale.ROOT);
            if (name.equals("anthropic-version")) {
                version = clientHeaders.get(i + 1);
            } else if (name.equals("anthropic-beta")) {
                headers.add("anthropic-beta");
                headers.add(clientHeaders.get(i + 1));
            }
        }
        headers.add("anthropic-version");
        headers.add(version == null || version.isBlank() ? VERSION : version); // Anthropic refuses a call without one
        return UpstreamTarget.of(upstream, apiBase(provider), provider).post("messages", body, UpstreamTarget.JSON,
                headers.toArray(String[]::new));
    }

    /**
     * The API's root with its version segment: Anthropic's own SDKs take {@code https://api.anthropic.com} as the
     * base URL and add {@code /v1}, where Modelgate's default ends with it; both forms work, so a base URL copied from
     * either does not end in a 404 on every call.
     */
    public static String apiBase(Provider provider) {
        String base = ProviderAddresses.baseUrl(provider);
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base.endsWith("/v1") ? base : base + "/v1";
    }

    /** The whole message is read here: a non-stream answer is small, and translating needs all of it. */
    static CallResult translated(InputStream answer, long created) {
        try (answer) {
            JsonNode message = JSON.readTree(answer); // an empty body reads as a missing node, which is no message
            return CallResult.ok(new ByteArrayInputStream(JSON.writeValueAsBytes(AnthropicAnswers.toOpenAi(message, created))));
        } catch (IOException e) {
            return TranslationFailures.unreadable(e instanceof TranslationException ? e.getMessage() : "not JSON");
        }
    }
}
