package dev.modelgate.runner.kong;

import dev.modelgate.policy.decision.DecisionSigner;
import dev.modelgate.policy.decision.RoutingDecision;
import dev.modelgate.runner.kong.harness.KongHarness;
import dev.modelgate.runner.kong.harness.KongRequest;
import dev.modelgate.runner.kong.harness.KongResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged {@code modelgate-kong.jar} as Kong runs it: a child process, its description, its socket, its stop. */
@Timeout(120)
class KongJarIT {

    static final Path JAR = Path.of("target/modelgate-kong.jar").toAbsolutePath();
    static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    static ProcessBuilder jar(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("MODELGATE_"));
        return pb;
    }

    @Test
    void dumpPrintsTheDescriptionKongsQueryCommandReads() throws Exception {
        Process p = jar("-dump").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(out).isEqualTo(Files.readString(Path.of("target/kong/modelgate-kong.info.json")));
    }

    @Test
    void servesKongUntilStoppedThenRemovesItsSocket() throws Exception {
        Path prefix = Files.createTempDirectory("kong-prefix");
        Path envFile = prefix.resolve("kong-plugin.env");
        int metricsPort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            metricsPort = free.getLocalPort();
        }
        Files.writeString(envFile, "# settings\nMODELGATE_GATEWAY_HMAC_KEYS=" + TestServer.HMAC_KEYS
                + "\nMODELGATE_METRICS_ADDRESS=127.0.0.1:" + metricsPort + "\n");
        Files.setPosixFilePermissions(envFile, PosixFilePermissions.fromString("rw-------"));
        Path logFile = prefix.resolve("server.log");
        Process p = jar("-kong-prefix", prefix.toString(), "-env-file", envFile.toString()).redirectOutput(logFile.toFile()).start();
        Path socket = prefix.resolve("modelgate.socket");
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.exists(socket)) {
                assertThat(p.isAlive()).as("the server exited early").isTrue();
                assertThat(System.nanoTime()).as("no socket after 60 s").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
            try (KongHarness kong = new KongHarness(socket)) {
                int id = kong.startInstance(TestServer.config(TestServer.policyCopy("jar"), "k1"), 1);
                String body = "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hello from Kong\"}]}";
                KongResult r = kong.access(id, KongRequest.chat("search-app", body));
                assertThat(r.exited()).as(r.exitBodyText()).isFalse();
                RoutingDecision d = new DecisionSigner(Map.of("k1", TestServer.HMAC_SECRET), "k1")
                        .verify(r.upstreamSet().get(DecisionSigner.HEADER), Instant.now());
                assertThat(d.team()).isEqualTo("search");
            }
            // The node's decision time, served for Prometheus on the address it was given.
            String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(scrape).contains("modelgate_edge_decision_duration_seconds_count{endpoint=\"chat_completions\",outcome=\"forwarded\"} 1");
        } finally {
            p.destroy(); // SIGTERM, as Kong sends when it stops
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(socket).doesNotExist();
        String log = Files.readString(logFile);
        assertThat(log).contains("listening on").doesNotContain(Base64Secret.of(TestServer.HMAC_SECRET));
    }

    @Test
    void refusesToStartWithoutTheHmacSecret() throws Exception {
        Path prefix = Files.createTempDirectory("kong-prefix");
        Process p = jar("-kong-prefix", prefix.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(out).contains("MODELGATE_GATEWAY_HMAC_KEYS is not set");
        assertThat(prefix.resolve("modelgate.socket")).doesNotExist();
    }

    /** The form the secret takes in settings, to prove it is never printed. */
    private static final class Base64Secret {
        static String of(byte[] secret) {
            return java.util.Base64.getEncoder().encodeToString(secret);
        }
    }
}
