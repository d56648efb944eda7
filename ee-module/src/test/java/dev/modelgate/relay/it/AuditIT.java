package dev.modelgate.relay.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.policy.decision.PolicyHash;
import dev.modelgate.policy.load.EnvInterpolator;
import dev.modelgate.policy.load.PolicyLoader;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit log on the real relay: the policy it serves is on record, the chain verifies, and only admin reads it. */
class AuditIT {

    /**
     * HTTP/1.1: twelve writes at once over h2c upgrades hit Liberty's HTTP/2 upgrade handler (NullPointerException
     * in handleHTTP2UpgradeRequest, then a GOAWAY after 40 s), which is not what this test is about.
     */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String RELAY = "http://127.0.0.1:" + RelayIT.PORT;

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(RELAY + path)).header("Authorization", authorization).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePolicyInForceIsOnRecordAndTheChainVerifies() throws Exception {
        Path policy = Path.of(System.getProperty("modelgate.it.policy", "src/test/resources/it-policy.yaml"));
        String hash = PolicyHash.of(new PolicyLoader(EnvInterpolator.system()).loadFiles(List.of(policy)).policy());

        JsonNode entries = new ObjectMapper().readTree(get("/admin/audit?action=policy.applied", RelayIT.ADMIN).body()).path("entries");
        assertThat(entries.findParents("action").stream().filter(e -> e.path("action").asText().equals("policy.applied")))
                .anySatisfy(e -> {
                    assertThat(e.path("subject").asText()).isEqualTo(hash);
                    assertThat(e.path("actor").asText()).isEqualTo("system");
                    assertThat(e.path("hash").asText()).hasSize(64);
                });

        JsonNode verdict = new ObjectMapper().readTree(get("/admin/audit/verify", RelayIT.ADMIN).body());
        assertThat(verdict.path("valid").asBoolean()).as(verdict.toString()).isTrue();
        assertThat(verdict.path("entries").asLong()).isPositive();

        assertThat(get("/admin/audit", RelayIT.FINANCE).statusCode()).as("admin only").isEqualTo(403);
        assertThat(get("/admin/audit/verify", RelayIT.INGEST).statusCode()).isEqualTo(403);
    }

    @Test
    void adminWritesAtTheSameTimeAllLandInOneUnbrokenChain() throws Exception {
        int writers = 12;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < writers; i++) {
                statuses.add(pool.submit(() -> {
                    go.await();
                    return HTTP.send(HttpRequest.newBuilder(URI.create(RELAY + "/admin/keys")).header("Authorization", RelayIT.ADMIN)
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"key_id\":\"demo\"}"))
                            .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
                }));
            }
            go.countDown();
            for (java.util.concurrent.Future<Integer> status : statuses) {
                assertThat(status.get()).as("every concurrent key issue is answered and audited").isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode verdict = new ObjectMapper().readTree(get("/admin/audit/verify", RelayIT.ADMIN).body());
        assertThat(verdict.path("valid").asBoolean()).as(verdict.toString()).isTrue();
    }
}
