package dev.modelgate.relay.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A relay killed with SIGKILL under load loses no usage: every request whose answer reached its client in
 * full, streamed or not, is in the ledger after the restart, exactly once. Without the usage journal, the
 * answers of the last flush interval (200 ms) were lost with the process.
 */
@Timeout(400)
class KilledRelayIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String RELAY = "http://127.0.0.1:" + RelayIT.PORT;
    private static final Path WLP = Path.of(System.getProperty("modelgate.it.wlp", "target/liberty/wlp"));

    @BeforeAll
    static void provider() throws Exception {
        SharedSimulator.get();
    }

    @Test
    void everyAnsweredRequestIsInTheLedgerOnceAfterASigkill() throws Exception {
        ProcessHandle relay = relayProcess();
        Set<String> answered = ConcurrentHashMap.newKeySet();
        AtomicBoolean killed = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            boolean stream = c % 2 == 0;
            running.add(clients.submit(() -> {
                for (int i = 0; !killed.get(); i++) {
                    try {
                        HttpResponse<String> r = chat(stream, "killed " + i);
                        // Answered in full: a stream counts once its end ([DONE]) has arrived.
                        if (r.statusCode() == 200 && (!stream || r.body().contains("data: [DONE]"))) {
                            answered.add(r.headers().firstValue("x-request-id").orElseThrow());
                        }
                    } catch (IOException cut) {
                        // the kill: this request was not answered
                    }
                }
                return null;
            }));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (answered.size() < 300 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(answered.size()).as("requests answered before the kill").isGreaterThanOrEqualTo(300);
        assertThat(relay.destroyForcibly()).as("SIGKILL sent").isTrue();
        killed.set(true);
        relay.onExit().get(60, TimeUnit.SECONDS);
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();
        Set<String> ids = Set.copyOf(answered);

        start();

        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            HttpResponse<String> r = send("GET", "/v1/generations/" + id, null);
            if (r.statusCode() != 200) {
                missing.add(id + " (" + r.statusCode() + ")");
                continue;
            }
            JsonNode attempts = JSON.readTree(r.body()).path("data").path("attempts");
            assertThat(attempts).as("one ledger row for " + id).hasSize(1);
            assertThat(attempts.get(0).path("status").asInt()).isEqualTo(200);
        }
        assertThat(missing).as("answered before the kill, of " + ids.size() + ", but not in the ledger after it").isEmpty();
    }

    private static HttpResponse<String> chat(boolean stream, String content) throws IOException, InterruptedException {
        return send("POST", "/v1/chat/completions", "{\"model\":\"solo\",\"max_tokens\":8,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}");
    }

    private static HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(RELAY + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + RelayIT.KEY).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The test server's JVM: the one running this installation's ws-server.jar. */
    private static ProcessHandle relayProcess() throws IOException {
        String launcher = WLP.resolve("bin/tools/ws-server.jar").toRealPath().toString();
        List<ProcessHandle> found = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(launcher)).orElse(false)).toList();
        assertThat(found).as("the test server's process, launched from " + launcher).hasSize(1);
        return found.get(0);
    }

    private static void start() throws Exception {
        Path server = WLP.resolve("bin/server");
        assertThat(Files.isExecutable(server)).as(server.toString()).isTrue();
        Process p = new ProcessBuilder(server.toString(), "start", "modelgate").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("server start: " + output).isZero();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        boolean back = false;
        while (!back && System.nanoTime() - deadline < 0) {
            try {
                back = send("GET", "/v1/models", null).statusCode() == 200;
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!back) {
                Thread.sleep(500);
            }
        }
        assertThat(back).as("the relay answers again after the kill").isTrue();
    }
}
