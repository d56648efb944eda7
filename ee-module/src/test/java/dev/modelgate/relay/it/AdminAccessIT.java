package dev.modelgate.relay.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API's roles on the real relay: no credentials or wrong ones are a 401 with a Basic challenge;
 * finance reads but does not ingest; a gateway node's ingest token posts usage and reads its feeds but no
 * report; admin does all; and the passwords never reach the server's log.
 */
class AdminAccessIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String RELAY = "http://127.0.0.1:" + RelayIT.PORT;

    private static int call(String method, String path, String authorization) throws Exception {
        return AdminHttp.send(method, path, authorization, "POST".equals(method) ? "{\"events\":[]}" : null, null).statusCode();
    }

    /** A call meant to fail, from an address of its own: failed sign-ins slow down their source (AdminThrottleIT). */
    private static int failing(String path, String authorization, String from) throws Exception {
        return AdminHttp.send("GET", path, authorization, null, from).statusCode();
    }

    @Test
    void eachRoleDoesWhatItMayAndNothingElse() throws Exception {
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(RELAY + "/admin/usage")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("www-authenticate")).hasValue("Basic realm=\"modelgate-admin\"");
        assertThat(new ObjectMapper().readTree(anonymous.body()).path("error").path("code").asText()).isEqualTo("invalid_admin_credentials");

        assertThat(failing("/admin/usage", RelayIT.basic("admin", "wrong"), "192.0.2.101")).isEqualTo(401);
        assertThat(failing("/admin/usage", RelayIT.basic("admin", System.getProperty("modelgate.it.finance", "it-finance-password")), "192.0.2.102"))
                .as("the finance password is not the admin user's").isEqualTo(401);
        assertThat(failing("/admin/usage", "Bearer " + RelayIT.KEY, "192.0.2.103")).as("a client API key is not an admin credential").isEqualTo(401);

        assertThat(call("GET", "/admin/usage", RelayIT.FINANCE)).isEqualTo(200);
        assertThat(call("GET", "/admin/ledger/reconcile", RelayIT.FINANCE)).isEqualTo(200);
        assertThat(call("GET", "/admin/budgets", RelayIT.FINANCE)).isEqualTo(200);
        assertThat(call("POST", "/admin/usage/events", RelayIT.FINANCE)).as("finance is read-only").isEqualTo(403);

        assertThat(call("POST", "/admin/usage/events", RelayIT.INGEST)).isEqualTo(200);
        assertThat(call("GET", "/admin/budgets", RelayIT.INGEST)).isEqualTo(200);
        assertThat(call("GET", "/admin/providers/health", RelayIT.INGEST)).isEqualTo(200);
        assertThat(call("GET", "/admin/usage", RelayIT.INGEST)).as("a gateway node reads no report").isEqualTo(403);
        assertThat(call("GET", "/admin/ledger/reconcile", RelayIT.INGEST)).isEqualTo(403);

        for (String path : new String[]{"/admin/usage", "/admin/ledger/reconcile", "/admin/budgets", "/admin/providers/health"}) {
            assertThat(call("GET", path, RelayIT.ADMIN)).as(path).isEqualTo(200);
        }
        assertThat(call("POST", "/admin/usage/events", RelayIT.ADMIN)).isEqualTo(200);
    }

    @Test
    void noAdminSecretReachesTheServerLog() throws Exception {
        failing("/admin/usage", RelayIT.basic("admin", "a-wrong-guess-that-must-not-be-logged"), "192.0.2.104");
        Path log = Path.of(System.getProperty("modelgate.it.server.log", "target/liberty/wlp/usr/servers/modelgate/logs/messages.log"));
        String text = Files.readString(log);
        assertThat(text).doesNotContain(System.getProperty("modelgate.it.admin", "it-admin-password"))
                .doesNotContain(System.getProperty("modelgate.it.finance", "it-finance-password"))
                .doesNotContain(System.getProperty("modelgate.it.ingest", "it-ingest-token"))
                .doesNotContain("a-wrong-guess-that-must-not-be-logged");
    }
}
