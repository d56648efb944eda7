package dev.modelgate.relay.providers;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A provider that answers every call with one recorded answer, classified the way the relay's HTTP transport
 * classifies a real one, and keeps the request it was sent. Lets adapter tests check what goes on the wire
 * and the adapter's own handling of answers; real sockets are covered by the simulated provider in the ITs.
 */
public final class RecordingUpstream implements Upstream {

    private final int status;
    private final byte[] answer;
    private final Map<String, String> answerHeaders;
    private UpstreamRequest request;

    public RecordingUpstream(int status, String answer, Map<String, String> answerHeaders) {
        this.status = status;
        this.answer = answer.getBytes(StandardCharsets.UTF_8);
        this.answerHeaders = answerHeaders;
    }

    public RecordingUpstream(int status, String answer) {
        this(status, answer, Map.of());
    }

    @Override
    public CallResult send(UpstreamRequest request) {
        this.request = request;
        return UpstreamCalls.classify(status, answerHeaders.getOrDefault("Content-Type", "application/json"),
                answerHeaders.get("Retry-After"), new ByteArrayInputStream(answer));
    }

    /** This provider's API at {@code baseUrl}. */
    public UpstreamTarget at(String baseUrl) {
        return new UpstreamTarget(this, baseUrl, Duration.ofSeconds(5));
    }

    /** The request sent, or null when none was. */
    public UpstreamRequest request() {
        return request;
    }

    public URI uri() {
        return request.uri();
    }

    public byte[] body() {
        return request.body();
    }

    /** A header sent, or null when it was not (a null value is not sent). */
    public String header(String name) {
        List<String> headers = request.headers();
        for (int i = 0; i < headers.size(); i += 2) {
            if (headers.get(i).equalsIgnoreCase(name)) {
                return headers.get(i + 1);
            }
        }
        return null;
    }
}
