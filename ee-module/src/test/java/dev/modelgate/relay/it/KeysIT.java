package dev.modelgate.relay.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Keys issued and revoked through the admin API on the real relay: the secret is shown once, works, and stops working. */
@Timeout(60)
class KeysIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String RELAY = "http://127.0.0.1:" + RelayIT.PORT;

    @BeforeAll
    static void provider() throws Exception {
        SharedSimulator.get();
    }

    private static HttpResponse<String> send(String method, String path, String authorization, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(RELAY + path)).header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int chatWith(String secret) throws Exception {
        return send("POST", "/v1/chat/completions", "Bearer " + secret,
                "{\"model\":\"solo\",\"messages\":[{\"role\":\"user\",\"content\":\"with an issued key\"}]}").statusCode();
    }

    @Test
    void anIssuedKeyWorksUntilItIsRevoked() throws Exception {
        HttpResponse<String> created = send("POST", "/admin/keys", RelayIT.ADMIN, "{\"key_id\":\"demo\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode key = JSON.readTree(created.body());
        String secret = key.path("key").asText();
        assertThat(secret).startsWith("sk-mg-").hasSizeGreaterThan(30);
        assertThat(key.path("prefix").asText()).isEqualTo(secret.substring(0, 12));

        assertThat(chatWith(secret)).isEqualTo(200);

        String listed = send("GET", "/admin/keys", RelayIT.ADMIN, null).body();
        assertThat(listed).contains(key.path("id").asText()).doesNotContain(secret);

        HttpResponse<String> revoked = send("DELETE", "/admin/keys/" + key.path("id").asText(), RelayIT.ADMIN, null);
        assertThat(JSON.readTree(revoked.body()).path("revoked_at").isNull()).isFalse();
        long deadline = System.nanoTime() + 15_000_000_000L;
        int status;
        do {
            Thread.sleep(500);
            status = chatWith(secret);
        } while (status == 200 && System.nanoTime() < deadline);
        assertThat(status).as("a revoked key stops working within seconds").isEqualTo(401);

        JsonNode audit = JSON.readTree(send("GET", "/admin/audit", RelayIT.ADMIN, null).body()).path("entries");
        assertThat(audit.findValuesAsText("action")).contains("key.issued", "key.revoked");
        assertThat(audit.toString()).doesNotContain(secret);
        assertThat(JSON.readTree(send("GET", "/admin/audit/verify", RelayIT.ADMIN, null).body()).path("valid").asBoolean()).isTrue();
    }

    @Test
    void onlyKeyIdsThePolicyDefinesAndOnlyForAdmin() throws Exception {
        HttpResponse<String> unknown = send("POST", "/admin/keys", RelayIT.ADMIN, "{\"key_id\":\"no-such-key\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).path("error").path("code").asText()).isEqualTo("unknown_key_id");
        assertThat(send("POST", "/admin/keys", RelayIT.FINANCE, "{\"key_id\":\"demo\"}").statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/admin/keys/not-an-id", RelayIT.ADMIN, null).statusCode()).isEqualTo(404);
    }
}
