package dev.modelgate.relay.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.policy.decision.DecisionSigner;
import dev.modelgate.policy.decision.PolicyHash;
import dev.modelgate.policy.decision.RoutingDecision;
import dev.modelgate.policy.load.EnvInterpolator;
import dev.modelgate.policy.load.PolicyLoader;
import dev.modelgate.simulator.SimulatedProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gateway mode on the real relay: requests carrying a decision signed the way the APISIX runner signs
 * it are executed without an API key; forged, expired, replayed or re-bodied ones are refused with 401,
 * and redaction is carried out by the relay only under the policy the gateway decided with.
 */
class GatewayModeIT {

    private static final String URL = "http://127.0.0.1:" + RelayIT.PORT + "/v1/chat/completions";
    private static final byte[] SECRET = Base64.getDecoder().decode(System.getProperty("modelgate.it.hmac",
            "bW9kZWxnYXRlLWludGVncmF0aW9uLXRlc3RzLW9ubHktc2VjcmV0"));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final HttpClient HTTP_1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static SimulatedProvider sim;
    private static String policyHash;
    private final DecisionSigner signer = new DecisionSigner(Map.of("it", SECRET), "it");

    @BeforeAll
    static void start() throws Exception {
        sim = SharedSimulator.get();
        Path policy = Path.of(System.getProperty("modelgate.it.policy", "src/test/resources/it-policy.yaml"));
        policyHash = PolicyHash.of(new PolicyLoader(EnvInterpolator.system()).loadFiles(List.of(policy)).policy());
    }

    private RoutingDecision decision(byte[] body, List<String> redactedBy, String hash, long expiresAt) {
        return new RoutingDecision(UUID.randomUUID().toString(), "demo", "demo", "solo", List.of("sim/sim-solo"),
                redactedBy, hash, DecisionSigner.sha256(body), 10, 100, expiresAt,
                Instant.now().getEpochSecond());
    }

    private static HttpResponse<String> send(String header, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(URL)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (header != null) {
            request.header(DecisionSigner.HEADER, header);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] body(String text) {
        return ("{\"model\":\"solo\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}").getBytes(StandardCharsets.UTF_8);
    }

    private static long inAMinute() {
        return Instant.now().getEpochSecond() + 60;
    }

    @Test
    void executesASignedDecisionWithoutAnApiKey() throws Exception {
        byte[] body = body("hello from the gateway");
        HttpResponse<String> answer = send(signer.sign(decision(body, List.of(), policyHash, inAMinute())), body);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(answer.body()).path("model").asText()).isEqualTo("sim-solo");
    }

    /** A decision lives at most the relay's maximum age from its issue time (30 s here), whatever expiry the node set. */
    @Test
    void refusesADecisionOlderThanTheRelaysMaximumAgeAndOneForATeamItDoesNotKnow() throws Exception {
        byte[] body = body("decided long ago");
        long now = Instant.now().getEpochSecond();
        RoutingDecision old = new RoutingDecision(UUID.randomUUID().toString(), "demo", "demo", "solo", List.of("sim/sim-solo"),
                List.of(), policyHash, DecisionSigner.sha256(body), 10, 100, now + 240, now - 40);
        HttpResponse<String> tooOld = send(signer.sign(old), body);
        assertThat(tooOld.statusCode()).isEqualTo(401);
        assertThat(tooOld.body()).contains("older than 30 s");

        RoutingDecision stranger = new RoutingDecision(UUID.randomUUID().toString(), "no-such-team", null, "solo",
                List.of("sim/sim-solo"), List.of(), policyHash, DecisionSigner.sha256(body), 10, 100, now + 30, now);
        HttpResponse<String> unknown = send(signer.sign(stranger), body);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).contains("not in this relay's policy").contains("\"type\":\"authentication_error\"");
    }

    @Test
    void refusesForgedExpiredReplayedAndReBodiedDecisions() throws Exception {
        byte[] body = body("hello");
        String forged = new DecisionSigner(Map.of("it", "not-the-shared-secret-but-32-bytes-long".getBytes(StandardCharsets.UTF_8)), "it")
                .sign(decision(body, List.of(), policyHash, inAMinute()));
        assertThat(send(forged, body).statusCode()).isEqualTo(401);

        String expired = signer.sign(decision(body, List.of(), policyHash, Instant.now().getEpochSecond() - 5));
        HttpResponse<String> late = send(expired, body);
        assertThat(late.statusCode()).isEqualTo(401);
        assertThat(late.body()).contains("decision expired");

        String once = signer.sign(decision(body, List.of(), policyHash, inAMinute()));
        assertThat(send(once, body).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = send(once, body);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).contains("already used");

        String forOtherBody = signer.sign(decision(body, List.of(), policyHash, inAMinute()));
        assertThat(send(forOtherBody, body("something else")).statusCode()).isEqualTo(401);
        assertThat(send("v1.it.garbage.garbage", body).statusCode()).isEqualTo(401);
    }

    @Test
    void redactsWhenTheGatewaySaysSoAndOnlyUnderTheSamePolicy() throws Exception {
        sim.clear();
        byte[] body = body("refund card 4111 1111 1111 1111 please");
        assertThat(send(signer.sign(decision(body, List.of("cards-redacted"), policyHash, inAMinute())), body).statusCode()).isEqualTo(200);
        assertThat(sim.requests()).singleElement().satisfies(r ->
                assertThat(r.body()).doesNotContain("4111 1111 1111 1111").contains("[REDACTED:CREDIT_CARD]"));

        HttpResponse<String> otherPolicy = send(signer.sign(decision(body, List.of("cards-redacted"), "0000000000000000", inAMinute())), body);
        assertThat(otherPolicy.statusCode()).isEqualTo(401);
        assertThat(otherPolicy.body()).contains("policy this relay does not run");
        assertThat(sim.requests()).hasSize(1);
    }

    @Test
    void theRelayHoldsAHardBudgetWhateverTheGatewayDecided() throws Exception {
        int served = 0;
        HttpResponse<String> refused = null;
        for (int i = 0; i < 40 && refused == null; i++) {
            byte[] body = body("spend " + i);
            RoutingDecision d = new RoutingDecision(UUID.randomUUID().toString(), "backstop", null, "solo",
                    List.of("sim/sim-solo"), List.of(), policyHash, DecisionSigner.sha256(body), 10, 100, inAMinute(),
                    Instant.now().getEpochSecond());
            HttpResponse<String> answer = send(signer.sign(d), body);
            if (answer.statusCode() == 200) {
                served++;
            } else {
                refused = answer;
            }
        }
        assertThat(served).as("the budget paid for some requests first").isGreaterThan(0);
        assertThat(refused).as("a 300-micro-USD budget cannot pay for 40 requests reserving 100 each").isNotNull();
        assertThat(refused.statusCode()).isEqualTo(402);
        var error = new ObjectMapper().readTree(refused.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("budget_exhausted");
        assertThat(error.path("message").asText()).contains("team:backstop");

        HttpResponse<String> budgets = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RelayIT.PORT + "/admin/budgets"))
                .header("Authorization", RelayIT.INGEST).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(budgets.statusCode()).isEqualTo(200);
        var backstop = new ObjectMapper().readTree(budgets.body()).path("budgets").findParents("scope").stream()
                .filter(b -> b.path("scope").asText().equals("team:backstop")).findFirst().orElseThrow();
        assertThat(backstop.path("limit_micros").asLong()).isEqualTo(300);
        assertThat(backstop.path("spent_micros").asLong()).as("what the served requests really cost").isPositive();
        assertThat(backstop.path("spent_micros").asLong() + backstop.path("reserved_micros").asLong() + 100)
                .as("the refused request did not fit").isGreaterThan(300);

        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RelayIT.PORT + "/admin/budgets"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void twoHundredParallelRequestsNeverOverspendANearlyExhaustedBudget() throws Exception {
        // Spend most of the 2,000 micro-USD first: 1,700 reserved and charged through one decision's worth each.
        int warm = 0;
        long spent = 0;
        while (spent < 1_700 && warm < 100) {
            byte[] body = body("warm up " + warm++);
            RoutingDecision d = new RoutingDecision(UUID.randomUUID().toString(), "stampede", null, "solo", List.of("sim/sim-solo"),
                    List.of(), policyHash, DecisionSigner.sha256(body), 10, 60, inAMinute(),
                    Instant.now().getEpochSecond());
            assertThat(send(signer.sign(d), body).statusCode()).isEqualTo(200);
            spent = stampede().path("spent_micros").asLong();
        }
        long remaining = 2_000 - spent;

        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(200);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                byte[] body = body("stampede " + i);
                String header = signer.sign(new RoutingDecision(UUID.randomUUID().toString(), "stampede", null, "solo",
                        List.of("sim/sim-solo"), List.of(), policyHash, DecisionSigner.sha256(body), 10, 60, inAMinute(),
                        Instant.now().getEpochSecond()));
                answers.add(pool.submit(() -> {
                    start.await();
                    // One connection per request, as 200 clients would come (HTTP/2 would cap the streams of one connection).
                    return HTTP_1.send(HttpRequest.newBuilder(URI.create(URL)).header("Content-Type", "application/json")
                            .header(DecisionSigner.HEADER, header).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode();
                }));
            }
            start.countDown();
            int served = 0;
            int refused = 0;
            for (var a : answers) {
                int status = a.get();
                if (status == 200) {
                    served++;
                } else {
                    assertThat(status).isEqualTo(402);
                    refused++;
                }
            }
            assertThat(served + refused).isEqualTo(200);
            assertThat(served).as("the remaining %d micro-USD paid for some", remaining).isPositive();
            assertThat(refused).as("and the cap refused the rest").isGreaterThan(150);
        } finally {
            pool.shutdownNow();
        }
        var after = stampede();
        assertThat(after.path("reserved_micros").asLong()).as("every reservation settled").isZero();
        assertThat(after.path("spent_micros").asLong()).as("a hard cap holds under a stampede").isLessThanOrEqualTo(2_000);
    }

    private static com.fasterxml.jackson.databind.JsonNode stampede() throws Exception {
        HttpResponse<String> budgets = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RelayIT.PORT + "/admin/budgets"))
                .header("Authorization", RelayIT.FINANCE).build(), HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(budgets.body()).path("budgets").findParents("scope").stream()
                .filter(b -> b.path("scope").asText().equals("team:stampede")).findFirst().orElseThrow();
    }
}
