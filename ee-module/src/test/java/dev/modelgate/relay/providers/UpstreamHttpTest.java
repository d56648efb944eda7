package dev.modelgate.relay.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.simulator.Fault;
import dev.modelgate.simulator.SimulatedProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JDK-client transport against a real simulated provider on a loopback socket: answers, streams and every failure kind. */
class UpstreamHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] STREAM = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}"
            .getBytes(StandardCharsets.UTF_8);

    private static SimulatedProvider sim;
    private final UpstreamHttp http = new UpstreamHttp();

    @org.junit.jupiter.api.AfterEach
    void close() {
        http.stop();
    }

    @BeforeAll
    static void start() throws IOException {
        sim = SimulatedProvider.start(0, Optional.of("sk-test"));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void clear() {
        sim.clear();
    }

    private UpstreamTarget api(long timeoutMillis) {
        return new UpstreamTarget(http, sim.baseUrl() + "/", Duration.ofMillis(timeoutMillis));
    }

    @Test
    void anAnswerComesBackUnreadWithItsContentTypeAndTheHeadersWereSent() throws Exception {
        CallResult result = api(3000).post("chat/completions", CHAT, UpstreamTarget.JSON, "Authorization", "Bearer sk-test", "X-Unset", null);

        assertThat(result.ok()).isTrue();
        assertThat(result.contentType()).startsWith("application/json");
        JsonNode answer = JSON.readTree(result.answer());
        assertThat(answer.at("/choices/0/message/content").asText()).isEqualTo("Simulated answer to: hello there");
        assertThat(sim.requests().get(0).path()).isEqualTo("/v1/chat/completions");
        assertThat(sim.requests().get(0).headers()).containsEntry("authorization", "(present)").doesNotContainKey("x-unset");
    }

    @Test
    void aStreamIsReadAsItArrives() throws Exception {
        sim.faults().next(1, Fault.slowStream(50));
        CallResult result = api(3000).post("chat/completions", STREAM, UpstreamTarget.JSON, "Authorization", "Bearer sk-test");

        assertThat(result.ok()).isTrue();
        try (InputStream in = result.answer()) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text).startsWith("data: ").endsWith("data: [DONE]\n\n");
        }
    }

    @Test
    void aProviderThatStallsMidAnswerTimesOutTheRead() {
        sim.faults().next(1, Fault.stallStream(2));
        CallResult result = api(3000).post("chat/completions", STREAM, UpstreamTarget.JSON, "Authorization", "Bearer sk-test");

        assertThat(result.ok()).as("the headers and two chunks came at once: %s", result.failure()).isTrue();
        assertThatThrownBy(() -> result.answer().readAllBytes()).isInstanceOf(java.net.SocketTimeoutException.class);
        assertThat(http.watching()).isZero();
    }

    @Test
    void aWholeAnswerIsNoLongerWatched() throws IOException {
        try (InputStream in = api(3000).post("chat/completions", CHAT, UpstreamTarget.JSON, "Authorization", "Bearer sk-test").answer()) {
            in.readAllBytes();
        }
        assertThat(http.watching()).isZero();
    }

    @Test
    void errorStatusesAreClassifiedForFailover() {
        sim.faults().next(1, Fault.status(429, 2));
        UpstreamFailure limited = api(3000).post("chat/completions", CHAT, UpstreamTarget.JSON, "Authorization", "Bearer sk-test").failure();
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.retryAfterSeconds()).isEqualTo(2);
        assertThat(limited.clientError()).isFalse();

        UpstreamFailure badKey = api(3000).post("chat/completions", CHAT, UpstreamTarget.JSON, "Authorization", "Bearer sk-wrong").failure();
        assertThat(badKey.status()).isEqualTo(401);
        assertThat(badKey.clientError()).as("a provider key problem is the deployment's").isFalse();
        assertThat(badKey.body()).contains("Incorrect API key");

        UpstreamFailure badRequest = api(3000).post("chat/completions", "{".getBytes(StandardCharsets.UTF_8), UpstreamTarget.JSON,
                "Authorization", "Bearer sk-test").failure();
        assertThat(badRequest.status()).isEqualTo(400);
        assertThat(badRequest.clientError()).isTrue();
    }

    @Test
    void noAnswerAtAllIsAConnectionFailureOrATimeout() {
        sim.faults().next(1, Fault.reset());
        UpstreamFailure reset = api(3000).post("chat/completions", CHAT, UpstreamTarget.JSON, "Authorization", "Bearer sk-test").failure();
        assertThat(reset.status()).isZero();
        assertThat(reset.reason()).startsWith("connection failed (");

        sim.faults().next(1, Fault.stall());
        UpstreamFailure stalled = api(300).post("chat/completions", CHAT, UpstreamTarget.JSON, "Authorization", "Bearer sk-test").failure();
        assertThat(stalled.reason()).isEqualTo("timed out");

        UpstreamFailure refused = new UpstreamTarget(http, "http://127.0.0.1:9/v1", Duration.ofSeconds(2))
                .post("chat/completions", CHAT, UpstreamTarget.JSON).failure();
        assertThat(refused.reason()).startsWith("connection failed (");
    }

    @Test
    void oneEndpointKeepsOneClient() throws IOException {
        for (int i = 0; i < 3; i++) {
            try (InputStream in = api(3000).post("chat/completions", CHAT, UpstreamTarget.JSON, "Authorization", "Bearer sk-test").answer()) {
                in.readAllBytes();
            }
        }
        api(3000).post("embeddings", "{\"model\":\"e\",\"input\":\"x\"}".getBytes(StandardCharsets.UTF_8), UpstreamTarget.JSON,
                "Authorization", "Bearer sk-test");
        assertThat(http.endpoints()).isEqualTo(1);
    }
}
