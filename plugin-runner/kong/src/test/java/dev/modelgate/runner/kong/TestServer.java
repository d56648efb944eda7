package dev.modelgate.runner.kong;

import dev.modelgate.runner.kong.plugin.PluginDescription;
import dev.modelgate.runner.kong.plugin.ModelgateAccess;
import dev.modelgate.edge.EdgeOptions;
import dev.modelgate.edge.EdgeRuntime;
import dev.modelgate.runner.kong.server.PluginServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/** One real plugin server per test JVM on a temporary Unix socket, as Kong would start it. */
final class TestServer {

    static final byte[] HMAC_SECRET = "kong-test-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8);
    static final byte[] HMAC_SECRET_2 = "kong-second-secret-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8);
    static final String HMAC_KEYS = "k1:" + Base64.getEncoder().encodeToString(HMAC_SECRET)
            + ",k2:" + Base64.getEncoder().encodeToString(HMAC_SECRET_2);

    private static PluginServer server;

    private TestServer() {
    }

    static synchronized Path socket() {
        if (server == null) {
            try {
                server = start(Files.createTempDirectory("mg-kong").resolve("modelgate.socket")).server();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server.socket();
    }

    /** A plugin server process of its own, for tests that stop and start it as Kong would. */
    record Process(PluginServer server, EdgeRuntime runtime) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            runtime.close();
        }
    }

    static Process start(Path socket) throws IOException {
        EdgeRuntime runtime = new EdgeRuntime(new EdgeOptions(HMAC_KEYS, null, Duration.ofMillis(50), null, null,
                Duration.ofMillis(100), Duration.ofSeconds(2), true));
        return new Process(new PluginServer(socket, PosixFilePermissions.fromString("rw-rw----"),
                PluginDescription.load(), new ModelgateAccess(runtime.gate())), runtime);
    }

    /** A private copy of the test policy, so a test may edit it without touching the others. */
    static Path policyCopy(String name) {
        try (InputStream in = Objects.requireNonNull(TestServer.class.getResourceAsStream("/runner-policy.yaml"))) {
            Path file = Files.createTempDirectory("mg-kong-policy-" + name).resolve("policy.yaml");
            Files.write(file, in.readAllBytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The plugin's config as Kong stores it: every schema field present, unset ones null. */
    static String config(Path policy, String keyId) {
        return "{\"policy_files\":[\"" + policy + "\"],\"consumer_header\":null,\"hmac_key_id\":"
                + (keyId == null ? "null" : "\"" + keyId + "\"") + ",\"decision_ttl_seconds\":30}";
    }
}
