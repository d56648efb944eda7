package dev.modelgate.relay.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Admin calls to the test relay, optionally on behalf of another source address (loopback is a trusted proxy there). */
final class AdminHttp {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String RELAY = "http://127.0.0.1:" + RelayIT.PORT;

    private AdminHttp() {
    }

    /**
     * @param from the client address to claim in X-Forwarded-For, or null for loopback itself. Tests that fail on
     *             purpose claim addresses of their own, so the throttle never slows the other tests' loopback calls.
     */
    static HttpResponse<String> send(String method, String path, String authorization, String body, String from) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(RELAY + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (from != null) {
            b.header("X-Forwarded-For", from);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
