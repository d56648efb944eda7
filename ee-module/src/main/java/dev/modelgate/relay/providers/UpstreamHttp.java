package dev.modelgate.relay.providers;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The relay's provider calls on the JDK's {@link HttpClient}. Not MicroProfile Rest Client: under Liberty that
 * answers every call with a finalizable RESTEasy response, which at load cost tens of milliseconds of GC
 * reference processing per young collection (docs/benchmarks.md, round 4). The JDK client allocates no
 * finalizable object per call.
 *
 * <p>One client, and so one connection pool, per provider endpoint (scheme, host and port) and connect timeout,
 * built on first use and kept. HTTPS endpoints offer HTTP/2 (ALPN picks it when the provider has it, HTTP/1.1
 * otherwise); plain HTTP stays on keep-alive HTTP/1.1, because asking for HTTP/2 there means an h2c upgrade
 * header on every new connection that most servers ignore. Bodies are read as the provider sends them
 * ({@link HttpResponse.BodyHandlers#ofInputStream()}): a stream is forwarded chunk by chunk, and closing it
 * early closes the connection, which cancels the provider's generation. A read that waits longer than the
 * provider's timeout fails ({@link IdleReads}), as the JDK client's own timeout ends with the headers.
 */
@ApplicationScoped
public class UpstreamHttp implements Upstream {

    /** Connecting never waits longer than this, even under a provider timeout of minutes. */
    static final long MAX_CONNECT_MILLIS = 10_000;

    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
    private final IdleReads reads = new IdleReads();

    @Override
    public CallResult send(UpstreamRequest request) {
        HttpRequest.Builder http = HttpRequest.newBuilder(request.uri())
                .timeout(request.timeout())
                .header("Content-Type", request.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        List<String> headers = request.headers();
        for (int i = 0; i < headers.size(); i += 2) {
            String value = headers.get(i + 1);
            if (value != null) {
                http.header(headers.get(i), value);
            }
        }
        // The attempt's span, when tracing is on, goes on to the provider as a W3C traceparent; nothing is added when off.
        W3CTraceContextPropagator.getInstance().inject(Context.current(), http, HttpRequest.Builder::header);
        try {
            HttpResponse<InputStream> response = client(request.uri(), request.timeout())
                    .send(http.build(), HttpResponse.BodyHandlers.ofInputStream());
            InputStream body = response.statusCode() / 100 == 2 ? reads.watch(response.body(), request.timeout().toNanos()) : response.body();
            return UpstreamCalls.classify(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().firstValue("Retry-After").orElse(null), body);
        } catch (IOException e) {
            return UpstreamCalls.failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UpstreamCalls.failed(new IOException("interrupted"));
        }
    }

    private HttpClient client(URI uri, Duration timeout) {
        long connectMillis = Math.min(timeout.toMillis(), MAX_CONNECT_MILLIS);
        String endpoint = uri.getScheme() + "://" + uri.getRawAuthority() + "|" + connectMillis;
        HttpClient client = clients.get(endpoint); // the common case without computeIfAbsent's lambda
        return client != null ? client : clients.computeIfAbsent(endpoint, k -> HttpClient.newBuilder()
                .version("https".equalsIgnoreCase(uri.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(connectMillis))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    /** How many endpoints have a client (and a pool) now. */
    int endpoints() {
        return clients.size();
    }

    /** Bodies being read now (for tests: an answer read to its end or closed is no longer watched). */
    int watching() {
        return reads.watching();
    }

    /** Closing the pools' idle connections is left to the JDK: its clients have no close before JDK 21. */
    @PreDestroy
    void stop() {
        reads.close();
        clients.clear();
    }
}
