package dev.modelgate.relay.providers;

import dev.modelgate.policy.model.Provider;
import dev.modelgate.policy.request.Endpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Calls OpenAI and OpenAI-compatible providers (and the simulated one, which speaks the same format).
 * One Rest Client per provider, built on first use with the provider's timeout from the policy.
 */
@ApplicationScoped
public class OpenAiAdapter {

    @Inject
    Credentials credentials;

    private final Map<String, OpenAiApi> clients = new ConcurrentHashMap<>();

    /** The answer of a successful call: status 2xx and a body still to be read (a stream, for SSE). */
    public record Upstream(int status, String contentType, InputStream body) {
    }

    /** Calls one endpoint; a non-2xx answer, a timeout or a broken connection comes back as a failure. */
    public Result call(Endpoint endpoint, String providerId, Provider provider, byte[] body) {
        OpenAiApi api = clients.computeIfAbsent(providerId + "|" + provider.baseUrl(), k -> build(provider));
        String auth = credentials.secret(provider.credential()).map(s -> "Bearer " + s).orElse(null);
        Response response;
        try {
            response = switch (endpoint) {
                case CHAT_COMPLETIONS -> api.chatCompletions(auth, body);
                case COMPLETIONS -> api.completions(auth, body);
                case EMBEDDINGS -> api.embeddings(auth, body);
                default -> throw new IllegalArgumentException("not relayed yet: " + endpoint);
            };
        } catch (ProcessingException e) {
            return Result.failed(new UpstreamFailure(0, describe(e), 0, false, null));
        }
        int status = response.getStatus();
        if (status >= 200 && status < 300) {
            String type = response.getHeaderString("Content-Type");
            return Result.ok(new Upstream(status, type == null ? "" : type, response.readEntity(InputStream.class)));
        }
        String text;
        try {
            text = response.readEntity(String.class);
        } catch (RuntimeException e) {
            text = null;
        }
        boolean clientError = status >= 400 && status < 500 && status != 408 && status != 429
                && status != 401 && status != 403; // a provider-side key problem is the deployment's fault, not the caller's
        return Result.failed(new UpstreamFailure(status, "HTTP " + status, retryAfter(response), clientError, text));
    }

    private static int retryAfter(Response response) {
        String value = response.getHeaderString("Retry-After");
        if (value == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return 1; // an HTTP date: wait a little rather than parse calendars on the hot path
        }
    }

    private static String describe(ProcessingException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String name = cause.getClass().getSimpleName();
        return name.contains("Timeout") ? "timed out" : "connection failed (" + name + ")";
    }

    private static OpenAiApi build(Provider provider) {
        long timeout = provider.resilience().timeoutMs();
        return RestClientBuilder.newBuilder()
                .baseUri(URI.create(provider.baseUrl().endsWith("/") ? provider.baseUrl() : provider.baseUrl() + "/"))
                .connectTimeout(Math.min(timeout, 10_000), TimeUnit.MILLISECONDS)
                .readTimeout(timeout, TimeUnit.MILLISECONDS)
                // Error statuses are answers to inspect (429 with Retry-After, 5xx), not exceptions.
                .property("microprofile.rest.client.disable.default.mapper", true)
                .build(OpenAiApi.class);
    }

    /** Either an upstream answer or a failure. */
    public record Result(Upstream upstream, UpstreamFailure failure) {
        static Result ok(Upstream upstream) {
            return new Result(upstream, null);
        }

        static Result failed(UpstreamFailure failure) {
            return new Result(null, failure);
        }

        public boolean ok() {
            return upstream != null;
        }
    }
}
