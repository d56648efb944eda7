package dev.modelgate.runner.apisix;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * One real runner per test JVM: the Spring Boot application with the APISIX runner core, listening on a
 * temporary Unix socket. The core's server blocks the thread that starts it, so it runs on its own.
 */
final class TestRunner {

    static final byte[] HMAC_SECRET = "runner-test-secret-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8);
    static final String HMAC_KEYS = "k1:" + Base64.getEncoder().encodeToString(HMAC_SECRET);

    private static Path dir;
    private static int metricsPort;

    private TestRunner() {
    }

    /** The socket of the shared runner, started on first use. */
    static synchronized Path socket() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("mg-runner");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path socket = dir.resolve("runner.sock");
            try (java.net.ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                metricsPort = free.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread t = new Thread(() -> new SpringApplicationBuilder(ModelgateRunner.class).web(WebApplicationType.NONE)
                    .run("--socket.file=unix:" + socket, "--modelgate.gateway.hmac.keys=" + HMAC_KEYS,
                            "--modelgate.policy.poll-ms=100", "--modelgate.metrics.address=127.0.0.1:" + metricsPort), "test-runner");
            t.setDaemon(true);
            t.start();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.exists(socket)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("runner did not open " + socket);
                }
                sleep(50);
            }
            sleep(200); // the core binds, then logs; give it the moment to accept
        }
        return dir.resolve("runner.sock");
    }

    /** Where the shared runner serves its metrics ({@code modelgate.metrics.address}). */
    static synchronized int metricsPort() {
        socket();
        return metricsPort;
    }

    /** A private copy of the test policy, so a test may edit it without touching the others. */
    static Path policyCopy(String name) {
        try (InputStream in = Objects.requireNonNull(TestRunner.class.getResourceAsStream("/runner-policy.yaml"))) {
            Path dir = Files.createTempDirectory("mg-policy-" + name);
            Path file = dir.resolve("policy.yaml");
            Files.write(file, in.readAllBytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> conf(Path policy) {
        return Map.of(ModelgateFilter.NAME, "{\"policy_files\": [\"" + policy + "\"]}");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
