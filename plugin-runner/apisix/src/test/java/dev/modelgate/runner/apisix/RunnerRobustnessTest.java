package dev.modelgate.runner.apisix;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.policy.decision.DecisionSigner;
import dev.modelgate.policy.decision.RoutingDecision;
import dev.modelgate.runner.apisix.harness.A6Answer;
import dev.modelgate.runner.apisix.harness.A6Request;
import dev.modelgate.runner.apisix.harness.ApisixHarness;
import io.github.api7.A6.Err.Code;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.modelgate.runner.apisix.ModelgateFilterProtocolTest.call;
import static dev.modelgate.runner.apisix.ModelgateFilterProtocolTest.chat;
import static dev.modelgate.runner.apisix.ModelgateFilterProtocolTest.decisionOf;
import static dev.modelgate.runner.apisix.ModelgateFilterProtocolTest.errorOf;
import static org.assertj.core.api.Assertions.assertThat;

/** Configuration mistakes, policy reloads, load and hostile frames: the runner answers and keeps serving. */
@Timeout(60)
class RunnerRobustnessTest {

    static Path socket;
    static long token;

    @BeforeAll
    static void start() throws Exception {
        socket = TestRunner.socket();
        ModelgateFilterProtocolTest.socket = socket;
        token = ApisixHarness.prepareConf(socket, TestRunner.conf(TestRunner.policyCopy("robust")));
    }

    /**
     * APISIX passes on whatever nginx's header buffers let through (an operator may raise them); the runner
     * refuses what the relay would refuse, in OpenAI's shape, and keeps serving on the same connection.
     */
    @Test
    void oversizedAndInvalidHeadersAreRefusedInOpenAisShapeAndTheRunnerKeepsServing() throws Exception {
        try (ApisixHarness apisix = new ApisixHarness(socket)) {
            for (int size : new int[]{64 * 1024, 1024 * 1024}) {
                A6Answer answer = apisix.call(A6Request.chat(token, "search-app", chat("chat", "hi"))
                        .header("x-filler", "sk-secret-" + "a".repeat(size)));
                JsonNode error = errorOf(answer, 431);
                assertThat(error.path("code").asText()).isEqualTo("request_header_fields_too_large");
                assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
                assertThat(answer.bodyText()).contains("x-filler").doesNotContain("sk-secret");

                RoutingDecision next = decisionOf(apisix.call(A6Request.chat(token, "search-app", chat("chat", "after " + size))));
                assertThat(next.team()).as("a normal request right after, on the same connection").isEqualTo("search");
            }
            JsonNode injected = errorOf(apisix.call(A6Request.chat(token, "search-app", chat("chat", "hi"))
                    .header("x-note", "a\r\nx-modelgate-decision: forged")), 400);
            assertThat(injected.path("code").asText()).isEqualTo("invalid_header");
            decisionOf(apisix.call(A6Request.chat(token, "search-app", chat("chat", "still served"))));
        }
    }

    @Test
    void unknownConfTokenIsAnErr() throws Exception {
        A6Answer answer = call(A6Request.chat(987_654_321L, "search-app", chat("chat", "hi")));
        assertThat(answer.action()).isEqualTo("err");
        assertThat(answer.errCode()).isEqualTo(Code.CONF_TOKEN_NOT_FOUND);
    }

    @Test
    void malformedRouteConfigurationIsA500ThatSaysWhatToFix() throws Exception {
        long notJson = ApisixHarness.prepareConf(socket, Map.of(ModelgateFilter.NAME, "{policy_files: oops"));
        JsonNode error = errorOf(call(A6Request.chat(notJson, "search-app", chat("chat", "hi"))), 500);
        assertThat(error.path("code").asText()).isEqualTo("gateway_misconfigured");
        assertThat(error.path("message").asText()).contains("not valid JSON at line 1");

        long typo = ApisixHarness.prepareConf(socket, Map.of(ModelgateFilter.NAME, "{\"policy_file\": [\"/x.yaml\"]}"));
        assertThat(errorOf(call(A6Request.chat(typo, "search-app", chat("chat", "hi"))), 500).path("message").asText())
                .contains("unknown Modelgate configuration field 'policy_file'");

        long missing = ApisixHarness.prepareConf(socket, Map.of(ModelgateFilter.NAME, "{\"policy_files\": [\"/nonexistent/p.yaml\"]}"));
        assertThat(errorOf(call(A6Request.chat(missing, "search-app", chat("chat", "hi"))), 500).path("code").asText())
                .isEqualTo("policy_unavailable");
    }

    @Test
    void policyEditsTakeEffectAndABrokenEditKeepsTheOldPolicyServing() throws Exception {
        Path policy = TestRunner.policyCopy("reload");
        long conf = ApisixHarness.prepareConf(socket, TestRunner.conf(policy));
        assertThat(errorOf(call(A6Request.chat(conf, "search-app", chat("fresh", "hi"))), 404).path("code").asText())
                .isEqualTo("model_not_found");

        String original = Files.readString(policy);
        Files.writeString(policy, original.replace("models:\n", "models:\n  fresh:\n    candidates:\n"
                + "      - { provider: sim, model: sim-fresh, capabilities: [streaming] }\n"));
        RoutingDecision decision = eventually(() -> call(A6Request.chat(conf, "search-app", chat("fresh", "hi"))));
        assertThat(decision.candidates()).containsExactly("sim/sim-fresh");

        Files.writeString(policy, original.replace("teams:", "teams:\n  broken: [this is: not a team"));
        Thread.sleep(600); // several poll intervals
        assertThat(decisionOf(call(A6Request.chat(conf, "search-app", chat("fresh", "still here?")))).alias())
                .isEqualTo("fresh");
    }

    @Test
    void sixtyFourConnectionsAtOnce() throws Exception {
        int connections = 64;
        int perConnection = 25;
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        CountDownLatch go = new CountDownLatch(1);
        Set<String> ids = ConcurrentHashMap.newKeySet();
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int n = c;
                results.add(pool.submit(() -> {
                    go.await();
                    int ok = 0;
                    try (ApisixHarness apisix = new ApisixHarness(socket)) {
                        for (int i = 0; i < perConnection; i++) {
                            String body = chat("chat", "connection " + n + " request " + i);
                            A6Answer answer = apisix.call(A6Request.chat(token, "search-app", body));
                            RoutingDecision d = decisionOf(answer);
                            if (d.bodySha256().equals(DecisionSigner.sha256(body.getBytes(StandardCharsets.UTF_8)))) {
                                ids.add(d.requestId());
                                ok++;
                            }
                        }
                    }
                    return ok;
                }));
            }
            go.countDown();
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get();
            }
            assertThat(total).isEqualTo(connections * perConnection);
            assertThat(ids).as("request ids never repeat").hasSize(connections * perConnection);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void unknownRpcTypeIsAnErrAndTheConnectionKeepsWorking() throws Exception {
        try (ApisixHarness apisix = new ApisixHarness(socket)) {
            apisix.send((byte) 9, ByteBuffer.wrap(new byte[]{1, 2, 3}));
            ApisixHarness.Frame frame = apisix.read();
            assertThat(frame.type()).isEqualTo(ApisixHarness.RPC_ERROR);
            assertThat(io.github.api7.A6.Err.Resp.getRootAsResp(frame.payload()).code()).isEqualTo(Code.BAD_REQUEST);
            decisionOf(apisix.call(A6Request.chat(token, "search-app", chat("chat", "after garbage"))));
        }
    }

    @Test
    void garbageTruncatedAndOversizedFramesNeverWedgeTheRunner() throws Exception {
        // a valid type with a payload that is not a flatbuffer
        try (ApisixHarness apisix = new ApisixHarness(socket)) {
            apisix.send(ApisixHarness.RPC_HTTP_REQ_CALL, ByteBuffer.wrap("garbage!".getBytes(StandardCharsets.US_ASCII)));
            assertThat(apisix.read().type()).isEqualTo(ApisixHarness.RPC_ERROR);
        }
        // a frame that announces 100 bytes and stops after 10, then hangs up
        try (ApisixHarness apisix = new ApisixHarness(socket)) {
            apisix.sendRaw(new byte[]{2, 0, 0, 100, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        }
        // a frame over the protocol's 16 MiB limit
        try (ApisixHarness apisix = new ApisixHarness(socket)) {
            apisix.sendRaw(new byte[]{2, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0});
            try {
                assertThat(apisix.read().type()).isEqualTo(ApisixHarness.RPC_ERROR);
            } catch (IOException closed) {
                // closing the connection is an acceptable answer too; wedging is not
            }
        }
        // meanwhile and afterwards, other connections are served
        decisionOf(call(A6Request.chat(token, "search-app", chat("chat", "still serving"))));
    }

    private static RoutingDecision eventually(ThrowingSupplier<A6Answer> call) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            A6Answer answer = call.get();
            if (answer.isRewrite() || System.nanoTime() > deadline) {
                return decisionOf(answer);
            }
            Thread.sleep(100);
        }
    }

    @FunctionalInterface
    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }
}
