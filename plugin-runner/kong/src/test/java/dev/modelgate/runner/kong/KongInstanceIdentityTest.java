package dev.modelgate.runner.kong;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.policy.decision.DecisionSigner;
import dev.modelgate.runner.kong.harness.KongHarness;
import dev.modelgate.runner.kong.harness.KongRequest;
import dev.modelgate.runner.kong.harness.KongResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Kong caches each route's plugin instance id and keeps sending it after the plugin server restarts. The
 * id must then never name another route's configuration: each route keeps its own policy across restarts.
 */
@Timeout(60)
class KongInstanceIdentityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUPPORT_CHAT = "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";

    /**
     * Kong's side of one route, as plugin_servers/plugin.lua keeps it: the config, its {@code __seq__} and the
     * cached instance id; a call that fails with "closed" drops the id, starts the instance again and retries.
     */
    private static final class Route {
        final String id;
        final String config;
        final int seq;
        Integer instance;
        int restarts;

        Route(String id, String config, int seq) {
            this.id = id;
            this.config = config;
            this.seq = seq;
        }

        KongResult call(KongHarness kong, KongRequest request) throws IOException {
            if (instance == null) {
                instance = kong.startInstance(config, seq, id, null);
            }
            try {
                return kong.access(instance, request);
            } catch (EOFException closed) {
                restarts++;
                instance = kong.startInstance(config, seq, id, null);
                return kong.access(instance, request);
            }
        }
    }

    @Test
    void eachRouteKeepsItsOwnPolicyAcrossAPluginServerRestart(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("modelgate.socket");
        // Route A lets the support team use "chat"; route B's policy only allows "premium".
        Path lenient = TestServer.policyCopy("route-a");
        Path strict = TestServer.policyCopy("route-b");
        Files.writeString(strict, Files.readString(strict).replace("allow_models: [chat]", "allow_models: [premium]"));
        Route a = new Route("route-a", TestServer.config(lenient, "k1"), 1);
        Route b = new Route("route-b", TestServer.config(strict, "k1"), 2);
        KongRequest request = KongRequest.chat("support-bot", SUPPORT_CHAT);

        int idA;
        int idB;
        try (TestServer.Process first = TestServer.start(socket); KongHarness kong = new KongHarness(socket)) {
            assertAdmitted(a.call(kong, request));
            assertRefused(b.call(kong, request));
            idA = a.instance;
            idB = b.instance;
            assertThat(idA).isNotEqualTo(idB);
        }

        // Kong keeps both cached ids; the new process has no instance at all yet.
        try (TestServer.Process second = TestServer.start(socket); KongHarness kong = new KongHarness(socket)) {
            assertThatThrownBy(() -> kong.access(idA, request)).as("an id the new process was never given a config for")
                    .isInstanceOf(EOFException.class);

            // Route B is served first, so it is the first configuration the new process sees; a counter gave it
            // the id Kong still holds for route A.
            assertRefused(b.call(kong, request));
            assertThat(b.restarts).as("route B's cached id made Kong send its config again").isEqualTo(1);
            assertAdmitted(a.call(kong, request));
            assertThat(a.restarts).as("so did route A's").isEqualTo(1);

            assertThat(b.instance).as("the same config gets the same id in every process").isEqualTo(idB);
            assertThat(a.instance).isEqualTo(idA);

            for (int i = 0; i < 3; i++) {
                assertAdmitted(a.call(kong, request));
                assertRefused(b.call(kong, request));
            }
            assertThat(a.restarts + b.restarts).as("no further restarts once both configs are in").isEqualTo(2);
        }
    }

    @Test
    void theSameConfigFromAnotherWorkerIsTheSameInstanceAndANewVersionIsAnother(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("modelgate.socket");
        Path policy = TestServer.policyCopy("versions");
        try (TestServer.Process server = TestServer.start(socket); KongHarness kong = new KongHarness(socket)) {
            String config = TestServer.config(policy, "k1");
            int first = kong.startInstance(config, 7, "route-v", null);
            assertThat(kong.startInstance(config, 7, "route-v", null)).isEqualTo(first);
            assertThat(kong.startInstance(config, 8, "route-v", null)).as("a new __seq__").isNotEqualTo(first);
            assertThat(kong.startInstance(config, 7, "route-w", null)).as("another route").isNotEqualTo(first);
            // Key order is Kong's encoder's business, not part of the identity.
            String reordered = "{\"decision_ttl_seconds\":30,\"hmac_key_id\":\"k1\",\"consumer_header\":null,\"policy_files\":[\""
                    + policy + "\"]}";
            assertThat(kong.startInstance(reordered, 7, "route-v", null)).isEqualTo(first);
        }
    }

    private static void assertAdmitted(KongResult result) {
        assertThat(result.exited()).as("route A admits: %s", result.exitBodyText()).isFalse();
        assertThat(result.upstreamSet()).containsKey(DecisionSigner.HEADER);
    }

    private static void assertRefused(KongResult result) throws IOException {
        assertThat(result.exitStatus()).as("route B refuses: %s", result.exitBodyText()).isEqualTo(403);
        assertThat(JSON.readTree(result.exitBody()).path("error").path("code").asText()).isEqualTo("model_not_allowed");
    }
}
