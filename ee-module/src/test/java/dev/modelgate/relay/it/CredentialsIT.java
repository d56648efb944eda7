package dev.modelgate.relay.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.simulator.SimulatedProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The credential vault on the real relay: a provider key set through the admin API is the one the relay
 * calls the provider with, a rotation is in effect without a restart, the roles hold, every write is
 * audited, and no test secret shows up in any answer, the metrics, the audit log or the server's logs.
 * The policy's provider {@code vaulted} (simulator on 18182, which demands a key) names credential
 * {@code it-vaulted}; the test server also defines it in its config (a wrong value the vault overrides)
 * and has {@code it-file-only} in its credentials directory.
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CredentialsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String RELAY = "http://127.0.0.1:" + RelayIT.PORT;
    private static final int KEYED_PORT = 18182;
    private static final String NAME = "it-vaulted";

    private static final String FIRST_KEY = "sk-it-vault-first-7Qm2xZ8pL4";
    private static final String SECOND_KEY = "sk-it-vault-second-R9vK3nW6tB";
    private static final String MALFORMED_CANARY = "sk-it-vault-malformed-J5hD1cY";
    private static final String WRONG_KEY = "sk-it-vault-wrong-Z3kP8sQ1";
    private static final String ENV_VALUE = "it-env-value-overridden-by-the-vault";
    private static final String FILE_VALUE = "it-file-value-0f3c9a";

    /** Every body the relay answered in this test, scanned for the secrets at the end. */
    private static final List<String> ANSWERS = new ArrayList<>();
    private static SimulatedProvider keyed;

    @BeforeAll
    static void providers() throws Exception {
        SharedSimulator.get();
        keyed = SimulatedProvider.start(KEYED_PORT, Optional.of(FIRST_KEY));
    }

    @AfterAll
    static void stop() {
        if (keyed != null) {
            keyed.close();
        }
    }

    private static HttpResponse<String> send(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(RELAY + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        synchronized (ANSWERS) {
            ANSWERS.add(response.body());
            ANSWERS.add(response.headers().map().toString());
        }
        return response;
    }

    private static HttpResponse<String> put(String name, String value, String authorization) throws Exception {
        return send("PUT", "/admin/credentials/" + name, authorization, JSON.createObjectNode().put("value", value).toString());
    }

    private static int chat() throws Exception {
        return send("POST", "/v1/chat/completions", "Bearer " + RelayIT.KEY,
                "{\"model\":\"vaulted\",\"messages\":[{\"role\":\"user\",\"content\":\"with a vaulted key\"}]}").statusCode();
    }

    private static JsonNode listed(String name) throws Exception {
        JsonNode list = JSON.readTree(send("GET", "/admin/credentials", RelayIT.ADMIN, null).body());
        assertThat(list.path("vault_enabled").asBoolean()).isTrue();
        for (JsonNode c : list.path("credentials")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        return null;
    }

    @Test
    @Order(1)
    void aKeySetThroughTheApiIsTheOneTheProviderGetsAndARotationTakesEffectWithoutRestart() throws Exception {
        JsonNode before = listed(NAME);
        assertThat(before).as("listed").isNotNull();
        assertThat(before.path("source").asText()).as("defined by config only, at first").isEqualTo("env");
        assertThat(before.has("key_id")).isFalse();
        assertThat(listed("it-file-only").path("source").asText()).isEqualTo("file");
        assertThat(chat()).as("the config's value is not the provider's key").isNotEqualTo(200);

        HttpResponse<String> created = put(NAME, FIRST_KEY, RelayIT.ADMIN);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode first = JSON.readTree(created.body());
        assertThat(first.path("key_id").asText()).matches("[0-9a-f]{16}");
        assertThat(first.path("version").asLong()).isEqualTo(1);
        assertThat(first.path("overrides").toString()).isEqualTo("[\"env\"]");
        assertThat(chat()).as("the vault wins over the config, at once on this relay").isEqualTo(200);
        JsonNode after = listed(NAME);
        assertThat(after.path("source").asText()).isEqualTo("vault");
        assertThat(after.path("key_id").asText()).isEqualTo(first.path("key_id").asText());
        assertThat(after.path("overrides").toString()).isEqualTo("[\"env\"]");

        // The provider now wants another key: the old one fails, the rotated one works without a restart.
        keyed.close();
        keyed = SimulatedProvider.start(KEYED_PORT, Optional.of(SECOND_KEY));
        assertThat(chat()).isNotEqualTo(200);
        HttpResponse<String> rotated = put(NAME, SECOND_KEY, RelayIT.ADMIN);
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        assertThat(JSON.readTree(rotated.body()).path("version").asLong()).isEqualTo(2);
        long deadline = System.nanoTime() + 10_000_000_000L;
        int status;
        do {
            status = chat();
        } while (status != 200 && System.nanoTime() < deadline && sleep());
        assertThat(status).as("the rotated key is used within the refresh window").isEqualTo(200);
        assertThat(keyed.requests()).isNotEmpty();

        assertThat(send("DELETE", "/admin/credentials/" + NAME, RelayIT.ADMIN, null).statusCode()).isEqualTo(204);
        assertThat(chat()).as("back to the config's wrong value").isNotEqualTo(200);
        HttpResponse<String> again = send("DELETE", "/admin/credentials/" + NAME, RelayIT.ADMIN, null);
        assertThat(again.statusCode()).as("what is left is read-only").isEqualTo(409);
        assertThat(JSON.readTree(again.body()).path("error").path("code").asText()).isEqualTo("read_only_credential");
        assertThat(send("DELETE", "/admin/credentials/it-file-only", RelayIT.ADMIN, null).statusCode()).isEqualTo(409);
        assertThat(send("DELETE", "/admin/credentials/it-nowhere", RelayIT.ADMIN, null).statusCode()).isEqualTo(404);

        JsonNode audit = JSON.readTree(send("GET", "/admin/audit?limit=1000", RelayIT.ADMIN, null).body()).path("entries");
        List<JsonNode> ours = new ArrayList<>();
        audit.forEach(e -> {
            if (e.path("subject").asText().equals("credential:" + NAME)) {
                ours.add(e);
            }
        });
        assertThat(ours).extracting(e -> e.path("action").asText())
                .containsExactly("credential.deleted", "credential.rotated", "credential.created");
        assertThat(ours).allSatisfy(e -> {
            assertThat(e.path("actor").asText()).isEqualTo("admin");
            assertThat(e.path("detail").asText()).contains("key id " + first.path("key_id").asText());
        });
        JsonNode verdict = JSON.readTree(send("GET", "/admin/audit/verify", RelayIT.ADMIN, null).body());
        assertThat(verdict.path("valid").asBoolean()).as(verdict.toString()).isTrue();
    }

    @Test
    @Order(2)
    void financeListsButOnlyAdminWrites() throws Exception {
        assertThat(put("it-finance-try", FIRST_KEY, RelayIT.FINANCE).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/admin/credentials/it-file-only", RelayIT.FINANCE, null).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/admin/credentials", RelayIT.FINANCE, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/admin/credentials", RelayIT.INGEST, null).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/admin/credentials", null, null).statusCode()).isEqualTo(401);
        assertThat(listed("it-finance-try") == null).as("a refused write stores nothing").isTrue();
    }

    @Test
    @Order(3)
    void badNamesAndValuesAreRefusedInOpenAisShapeWithoutEchoingTheBody() throws Exception {
        assertError(put("-leading-dash", FIRST_KEY, RelayIT.ADMIN), 400, "invalid_credential_name");
        assertError(put("it-bad", "", RelayIT.ADMIN), 400, "invalid_value");
        assertError(put("it-bad", "line\nbreak", RelayIT.ADMIN), 400, "invalid_value");
        assertError(put("it-bad", "x".repeat(8 * 1024 + 1), RelayIT.ADMIN), 400, "value_too_large");
        assertError(send("PUT", "/admin/credentials/it-bad", RelayIT.ADMIN, "{\"value\": \"" + MALFORMED_CANARY), 400, "invalid_json");
        assertError(send("PUT", "/admin/credentials/it-bad", RelayIT.ADMIN, "{\"value\": 42}"), 400, "invalid_value");
        assertThat(listed("it-bad") == null).isTrue();
    }

    private static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).isNotBlank();
    }

    @Test
    @Order(4)
    void aStoredKeyIsCheckedAgainstTheProvidersModelListAndTheAnswerSaysHow() throws Exception {
        // The first test left the keyed simulator wanting SECOND_KEY.
        keyed.clear();
        JsonNode good = JSON.readTree(put(NAME, SECOND_KEY, RelayIT.ADMIN).body()).path("check");
        assertThat(good.path("status").asText()).as(good.toString()).isEqualTo("ok");
        assertThat(good.at("/providers/0/provider").asText()).isEqualTo("vaulted");
        assertThat(good.at("/providers/0/models").asInt()).isEqualTo(3);
        assertThat(keyed.requests()).extracting(r -> r.method() + " " + r.path()).containsExactly("GET /v1/models");
        assertThat(keyed.requests().get(0).headers()).containsEntry("authorization", "(present)");

        HttpResponse<String> wrong = put(NAME, WRONG_KEY, RelayIT.ADMIN);
        assertThat(wrong.statusCode()).as("stored whatever the check says").isEqualTo(200);
        JsonNode rejected = JSON.readTree(wrong.body()).path("check");
        assertThat(rejected.path("status").asText()).isEqualTo("rejected");
        assertThat(rejected.at("/providers/0/detail").asText()).isEqualTo("HTTP 401");

        JsonNode notAsked = JSON.readTree(send("PUT", "/admin/credentials/" + NAME + "?check=false", RelayIT.ADMIN,
                JSON.createObjectNode().put("value", SECOND_KEY).toString()).body()).path("check");
        assertThat(notAsked.path("status").asText()).isEqualTo("skipped");
        JsonNode unused = JSON.readTree(put("it-unchecked", WRONG_KEY, RelayIT.ADMIN).body()).path("check");
        assertThat(unused.path("status").asText()).isEqualTo("skipped");
        assertThat(unused.path("reason").asText()).contains("no provider");

        keyed.close();
        try {
            JsonNode down = JSON.readTree(put(NAME, SECOND_KEY, RelayIT.ADMIN).body()).path("check");
            assertThat(down.path("status").asText()).isEqualTo("unreachable");
        } finally {
            keyed = SimulatedProvider.start(KEYED_PORT, Optional.of(SECOND_KEY));
        }
        assertThat(send("DELETE", "/admin/credentials/" + NAME, RelayIT.ADMIN, null).statusCode()).isEqualTo(204);
        assertThat(send("DELETE", "/admin/credentials/it-unchecked", RelayIT.ADMIN, null).statusCode()).isEqualTo(204);
    }

    @Test
    @Order(5)
    void noSecretAppearsInAnswersMetricsAuditOrTheServersLogs() throws Exception {
        send("GET", "/metrics", null, null);
        send("GET", "/metrics?scope=application", null, null);
        send("GET", "/admin/audit?limit=1000", RelayIT.ADMIN, null);
        send("GET", "/admin/credentials", RelayIT.ADMIN, null);
        List<String> secrets = List.of(FIRST_KEY, SECOND_KEY, MALFORMED_CANARY, WRONG_KEY, ENV_VALUE, FILE_VALUE,
                System.getProperty("modelgate.it.master.key", "bW9kZWxnYXRlLWl0LW9ubHktdmF1bHQtbWFzdGVyLWs="));
        synchronized (ANSWERS) {
            assertThat(ANSWERS).hasSizeGreaterThan(40).allSatisfy(body -> assertThat(body).doesNotContain(secrets));
        }

        Path logs = Path.of(System.getProperty("modelgate.it.logs", "target/liberty/wlp/usr/servers/modelgate/logs"));
        assertThat(logs).isDirectory();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(logs)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).as("the server writes logs there").isNotEmpty();
        for (Path file : files) {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            for (String secret : secrets) {
                assertThat(text.contains(secret)).as(secret.substring(0, 8) + "... in " + file).isFalse();
            }
        }
    }

    private static boolean sleep() {
        try {
            Thread.sleep(300);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
