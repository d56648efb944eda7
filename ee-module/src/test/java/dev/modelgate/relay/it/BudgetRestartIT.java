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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Budgets survive a restart of the relay: what a team and a key have spent is loaded back from the usage
 * ledger at start, so a hard cap still holds afterwards. So do generation records, rebuilt from the ledger. The test stops the real Liberty server and starts it
 * again with the same configuration and database.
 */
@Timeout(300)
class BudgetRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String RELAY = "http://127.0.0.1:" + RelayIT.PORT;
    /** it-policy.yaml: team "restarted" has 0.01 USD a month (hard), its key "restarted" 0.02 USD. */
    private static final long TEAM_LIMIT = 10_000;

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

    private static HttpResponse<String> chat(String secret, int maxTokens, String content) throws Exception {
        return send("POST", "/v1/chat/completions", "Bearer " + secret, "{\"model\":\"solo\",\"max_tokens\":" + maxTokens
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}");
    }

    private static JsonNode budget(String scope) throws Exception {
        HttpResponse<String> r = send("GET", "/admin/budgets", RelayIT.FINANCE, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("budgets").findParents("scope").stream()
                .filter(b -> b.path("scope").asText().equals(scope)).findFirst().orElseThrow();
    }

    @Test
    void spendIsLoadedBackFromTheLedgerAndTheHardCapStillHolds() throws Exception {
        HttpResponse<String> issued = send("POST", "/admin/keys", RelayIT.ADMIN, "{\"key_id\":\"restarted\"}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        String secret = JSON.readTree(issued.body()).path("key").asText();

        // solo costs 1 micro-USD per prompt word: about 1,500 a request. Spend at least 6,000 of the 10,000.
        String words = "spend ".repeat(1_500).trim();
        String lastId = null;
        for (int i = 0; i < 10 && budget("team:restarted").path("spent_micros").asLong() < 6_000; i++) {
            HttpResponse<String> answer = chat(secret, 10, words);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            lastId = answer.headers().firstValue("x-request-id").orElseThrow();
        }
        JsonNode before = generation(lastId, secret);
        JsonNode team = budget("team:restarted");
        for (int i = 0; i < 50 && team.path("reserved_micros").asLong() != 0; i++) {
            Thread.sleep(100);
            team = budget("team:restarted");
        }
        JsonNode key = budget("key:restarted");
        long spent = team.path("spent_micros").asLong();
        assertThat(spent).isBetween(6_000L, TEAM_LIMIT);
        assertThat(team.path("reserved_micros").asLong()).as("nothing in flight").isZero();
        assertThat(key.path("spent_micros").asLong()).isEqualTo(spent);

        restart();

        JsonNode teamAfter = budget("team:restarted");
        assertThat(teamAfter.path("window_start").asLong()).as("same period").isEqualTo(team.path("window_start").asLong());
        assertThat(teamAfter.path("spent_micros").asLong()).as("the team's spend, loaded back from the ledger").isEqualTo(spent);
        assertThat(budget("key:restarted").path("spent_micros").asLong()).as("the key's spend too").isEqualTo(spent);

        JsonNode after = generation(lastId, secret);
        assertThat(after.path("provider_name").asText()).as("served by").isEqualTo(before.path("provider_name").asText());
        assertThat(after.path("upstream_model").asText()).isEqualTo(before.path("upstream_model").asText());
        assertThat(after.path("tokens_prompt").asLong()).isPositive().isEqualTo(before.path("tokens_prompt").asLong());
        assertThat(after.path("total_cost").asText()).isEqualTo(before.path("total_cost").asText());
        assertThat(after.path("created_at").asText()).isEqualTo(before.path("created_at").asText());
        assertThat(after.path("attempts")).hasSize(1);
        assertThat(after.path("attempts").get(0).path("status").asInt()).isEqualTo(200);
        assertThat(send("GET", "/v1/generations/" + lastId, "Bearer " + RelayIT.KEY, null).statusCode())
                .as("another key does not see it, from the ledger either").isEqualTo(404);

        // About 5,000 micro-USD reserved (2 per output token): within the 10,000 of a fresh budget, more than what is left.
        HttpResponse<String> refused = chat(secret, 2_500, "one more");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(402);
        JsonNode error = JSON.readTree(refused.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("budget_exhausted");
        assertThat(error.path("message").asText()).contains("team:restarted");
        assertThat(budget("team:restarted").path("spent_micros").asLong()).as("the refused request cost nothing").isEqualTo(spent);
    }

    private static JsonNode generation(String id, String secret) throws Exception {
        HttpResponse<String> r = send("GET", "/v1/generations/" + id, "Bearer " + secret, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("data");
    }

    /** Stops the test server and starts it again: same configuration (its variables are in the server directory), same database. */
    private static void restart() throws Exception {
        Path server = Path.of(System.getProperty("modelgate.it.wlp", "target/liberty/wlp"), "bin", "server");
        assertThat(Files.isExecutable(server)).as(server.toString()).isTrue();
        run(server.toString(), "stop", "modelgate");
        run(server.toString(), "start", "modelgate");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        boolean back = false;
        while (!back && System.nanoTime() - deadline < 0) {
            try {
                back = send("GET", "/admin/budgets", RelayIT.FINANCE, null).statusCode() == 200
                        && send("GET", "/v1/models", "Bearer " + RelayIT.KEY, null).statusCode() == 200;
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            if (!back) {
                Thread.sleep(500);
            }
        }
        assertThat(back).as("the relay answers again after its restart").isTrue();
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }
}
