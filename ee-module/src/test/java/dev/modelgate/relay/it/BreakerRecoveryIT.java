package dev.modelgate.relay.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.policy.decision.DecisionSigner;
import dev.modelgate.policy.decision.RoutingDecision;
import dev.modelgate.simulator.Fault;
import dev.modelgate.simulator.SimulatedProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The breakers on the real relay against the real simulator: a deployment that fails every call is taken
 * out of service and comes back by itself once it heals, within its half-open wait, whether the relay
 * decides requests itself (standalone) or only executes a gateway node's signed decisions (no request
 * ever takes the standalone path there). And failover holds under load: 200 parallel streams with one of
 * two deployments failing all succeed.
 */
class BreakerRecoveryIT {

    private static final String URL = "http://127.0.0.1:" + RelayIT.PORT + "/v1/chat/completions";
    private static final byte[] SECRET = Base64.getDecoder().decode(System.getProperty("modelgate.it.hmac",
            "bW9kZWxnYXRlLWludGVncmF0aW9uLXRlc3RzLW9ubHktc2VjcmV0"));
    /** The test policy's simheal provider: breaker_delay_ms. */
    private static final long HALF_OPEN_WAIT_MS = 2000;
    /** How long the deployment fails every call (the scenario says 20 s; the shape, not the length, matters). */
    private static final long FAILING_FOR_MS = Long.getLong("modelgate.it.breaker.failing.ms", 4000);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SimulatedProvider sim;
    private final DecisionSigner signer = new DecisionSigner(Map.of("it", SECRET), "it");

    @BeforeAll
    static void start() throws Exception {
        sim = SharedSimulator.get();
        // On a loaded machine Liberty can report ready before the application is: wait for the relay to answer.
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline && HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + RelayIT.PORT + "/v1/models")).header("Authorization", "Bearer " + RelayIT.KEY).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
            Thread.sleep(500);
        }
    }

    private static byte[] body(String alias, String text, boolean stream) {
        return ("{\"model\":\"" + alias + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                + text + "\"}]}").getBytes(StandardCharsets.UTF_8);
    }

    private static HttpRequest.Builder post(byte[] body) {
        return HttpRequest.newBuilder(URI.create(URL)).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /** Standalone: the relay checks the key and decides. */
    private static HttpResponse<String> standalone(String alias, String text) throws Exception {
        return HTTP.send(post(body(alias, text, false)).header("Authorization", "Bearer " + RelayIT.KEY).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Gateway-only: a signed decision naming both deployments, as a gateway node sends it. */
    private HttpResponse<String> viaGateway(String alias, List<String> deployments, String text) throws Exception {
        byte[] body = body(alias, text, false);
        RoutingDecision decision = new RoutingDecision(UUID.randomUUID().toString(), "demo", "demo", alias, deployments,
                List.of(), "unused", DecisionSigner.sha256(body), 10, 100, Instant.now().getEpochSecond() + 60,
                Instant.now().getEpochSecond());
        return HTTP.send(post(body).header(DecisionSigner.HEADER, signer.sign(decision)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private interface Call {
        HttpResponse<String> send(String text) throws Exception;
    }

    @Test
    void aDeploymentThatFailedThenHealedGetsTrafficBackStandalone() throws Exception {
        failThenHeal("sim-heal-a", "sim-heal-b", text -> standalone("heal", text));
    }

    @Test
    void aDeploymentThatFailedThenHealedGetsTrafficBackInAGatewayOnlyRelay() throws Exception {
        failThenHeal("sim-healgw-a", "sim-healgw-b",
                text -> viaGateway("healgw", List.of("simheal/sim-healgw-a", "simheal/sim-healgw-b"), text));
    }

    private void failThenHeal(String primary, String backup, Call call) throws Exception {
        String deployment = "simheal/" + primary;
        sim.faults().forModel(primary, -1, Fault.status(500));
        long failingUntil = System.currentTimeMillis() + FAILING_FOR_MS;
        int sent = 0;
        while (System.currentTimeMillis() < failingUntil) {
            HttpResponse<String> answer = call.send("while failing " + sent++);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.headers().firstValue("x-modelgate-model")).hasValue(backup);
            Thread.sleep(50);
        }
        assertThat(circuit(deployment)).as("open, or half-open between two refused trials").isNotEqualTo("closed");
        int callsWhileFailing = (int) sim.requests().stream().filter(r -> r.body().contains(primary)).count();
        assertThat(callsWhileFailing).as("an open breaker stops the calls to the failing deployment").isLessThan(sent);

        sim.faults().clear(); // healed
        long healed = System.currentTimeMillis();
        // No request at all meanwhile: the breaker must half-open by itself, which the health feed shows.
        long deadline = healed + 3 * HALF_OPEN_WAIT_MS;
        while (!circuit(deployment).equals("half_open") && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(circuit(deployment)).as("half-open without any traffic").isEqualTo("half_open");
        HttpResponse<String> back = call.send("after healing");
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(back.headers().firstValue("x-modelgate-model")).as("the trial call goes to the healed deployment").hasValue(primary);
        assertThat(System.currentTimeMillis() - healed).as("traffic back within the half-open wait (plus polling)")
                .isLessThan(HALF_OPEN_WAIT_MS + 1500);
        HttpResponse<String> next = call.send("closed again");
        assertThat(next.headers().firstValue("x-modelgate-model")).hasValue(primary);
        assertThat(circuit(deployment)).isEqualTo("closed");
    }

    @Test
    void twoHundredParallelStreamsWithOneOfTwoProvidersFailingAllSucceed() throws Exception {
        sim.faults().forModel("sim-pair-a", -1, Fault.status(503));
        try {
            List<CompletableFuture<HttpResponse<String>>> streams = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                streams.add(HTTP.sendAsync(post(body("pair", "stream number " + i, true))
                        .header("Authorization", "Bearer " + RelayIT.KEY).build(), HttpResponse.BodyHandlers.ofString()));
            }
            int ok = 0;
            List<String> failures = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> stream : streams) {
                HttpResponse<String> answer = stream.get();
                String text = answer.body();
                if (answer.statusCode() == 200 && text.contains("data: [DONE]") && !text.contains("\"error\"")) {
                    ok++;
                } else {
                    failures.add(answer.statusCode() + " " + text.substring(0, Math.min(200, text.length())));
                }
            }
            assertThat(failures).isEmpty();
            assertThat(ok).isEqualTo(200);
            assertThat(circuit("simheal/sim-pair-a")).isNotEqualTo("closed");
        } finally {
            sim.faults().clear();
        }
    }

    /** The circuit the relay reports in its health feed (what gateway nodes poll), "closed" before any call. */
    private static String circuit(String deployment) throws Exception {
        HttpResponse<String> feed = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RelayIT.PORT
                + "/admin/providers/health")).header("Authorization", RelayIT.ADMIN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(feed.statusCode()).isEqualTo(200);
        JsonNode node = JSON.readTree(feed.body()).path("deployments").path(deployment);
        return node.path("circuit").asText("closed");
    }
}
