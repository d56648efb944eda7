package dev.modelgate.relay.providers;

import dev.modelgate.policy.model.Provider;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

import java.io.InputStream;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * What every adapter does the same way around its Rest Client: build it from the policy's timeout, and
 * turn an HTTP answer into a result the relay's failover understands.
 */
public final class UpstreamCalls {

    /** Concurrent keep-alive connections per provider; Liberty's default executor rarely runs more requests at once. */
    static final int MAX_CONNECTIONS = 256;

    private UpstreamCalls() {
    }

    /** A Rest Client for one provider, with the policy's timeout; error statuses come back as answers, not exceptions. */
    public static <T> T client(Class<T> api, String baseUrl, Provider provider) {
        long timeout = provider.resilience().timeoutMs();
        return RestClientBuilder.newBuilder()
                .baseUri(URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/"))
                .connectTimeout(Math.min(timeout, 10_000), TimeUnit.MILLISECONDS)
                .readTimeout(timeout, TimeUnit.MILLISECONDS)
                // Error statuses are answers to inspect (429 with Retry-After, 5xx), not exceptions.
                .property("microprofile.rest.client.disable.default.mapper", true)
                // Keep-alive connections for every concurrent call to one provider: without a sized pool each
                // call beyond the pool's few connections opens a new socket (and leaves one in TIME_WAIT).
                .property("resteasy.connectionPoolSize", MAX_CONNECTIONS)
                .property("resteasy.maxPooledPerRoute", MAX_CONNECTIONS)
                .build(api);
    }

    /** A 2xx answer's body, still unread; or the failure, classified for failover. */
    public static CallResult classify(Response response) {
        int status = response.getStatus();
        if (status >= 200 && status < 300) {
            return CallResult.ok(response.readEntity(InputStream.class), response.getHeaderString("Content-Type"));
        }
        String text;
        try {
            text = response.readEntity(String.class);
        } catch (RuntimeException e) {
            text = null;
        }
        boolean clientError = status >= 400 && status < 500 && status != 408 && status != 429
                && status != 401 && status != 403; // a provider-side key problem is the deployment's fault, not the caller's
        return CallResult.failed(new UpstreamFailure(status, "HTTP " + status, retryAfter(response), clientError, text));
    }

    /** No answer at all: a timeout or a broken connection. */
    public static CallResult failed(ProcessingException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String name = cause.getClass().getSimpleName();
        return CallResult.failed(new UpstreamFailure(0, name.contains("Timeout") ? "timed out" : "connection failed (" + name + ")",
                0, false, null));
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
}
