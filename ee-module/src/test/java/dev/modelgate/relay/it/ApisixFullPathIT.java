package dev.modelgate.relay.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.policy.decision.DecisionSigner;
import dev.modelgate.runner.apisix.harness.A6Answer;
import dev.modelgate.runner.apisix.harness.A6Request;
import dev.modelgate.runner.apisix.harness.ApisixHarness;
import dev.modelgate.simulator.SimulatedProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole gateway path with real parts: the runner jar built in this checkout, started as APISIX starts
 * it; the harness playing APISIX (PrepareConf, the call, then proxying the rewritten request as APISIX
 * would); the relay on Liberty; the simulated provider behind it.
 */
@Timeout(120)
class ApisixFullPathIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String RELAY = "http://127.0.0.1:" + RelayIT.PORT;

    private static Process runner;
    private static Path socket;
    private static long conf;
    private static SimulatedProvider sim;

    @BeforeAll
    static void startRunner() throws Exception {
        sim = SharedSimulator.get();
        Path jar = Path.of(System.getProperty("modelgate.it.runner.jar", "../plugin-runner/apisix/target/modelgate-runner.jar"));
        Path policy = Path.of(System.getProperty("modelgate.it.policy", "src/test/resources/it-policy.yaml")).toAbsolutePath();
        Path dir = Files.createTempDirectory("mg-fullpath");
        socket = dir.resolve("runner.sock");
        ProcessBuilder start = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toAbsolutePath().toString());
        start.environment().put("APISIX_LISTEN_ADDRESS", "unix:" + socket);
        start.environment().put("MODELGATE_GATEWAY_HMAC_KEYS", "it:" + System.getProperty("modelgate.it.hmac",
                "bW9kZWxnYXRlLWludGVncmF0aW9uLXRlc3RzLW9ubHktc2VjcmV0"));
        start.environment().put("MODELGATE_RELAY_URL", RELAY);
        start.environment().put("MODELGATE_RELAY_API_KEY", RelayIT.INGEST.substring("Bearer ".length()));
        start.environment().put("MODELGATE_RELAY_POLL_MS", "200");
        runner = start.redirectErrorStream(true).redirectOutput(dir.resolve("runner.log").toFile()).start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(socket)) {
            assertThat(runner.isAlive()).as("runner exited: see " + dir.resolve("runner.log")).isTrue();
            assertThat(System.nanoTime()).as("runner socket within 60 s").isLessThan(deadline);
            Thread.sleep(100);
        }
        Thread.sleep(300);
        conf = ApisixHarness.prepareConf(socket, Map.of("modelgate", "{\"policy_files\": [\"" + policy + "\"]}"));
    }

    @AfterAll
    static void stopRunner() throws Exception {
        if (runner != null) {
            runner.destroy();
            runner.waitFor();
        }
    }

    private static String chat(String text) {
        return "{\"model\":\"solo\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    /** Anthropic's Messages body as Claude Code sends it: content blocks, a cached system prompt, extended thinking. */
    private static String messages(String model, String text) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":256,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024},"
                + "\"system\":[{\"type\":\"text\",\"text\":\"You are a coding agent.\",\"cache_control\":{\"type\":\"ephemeral\"}}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}]}]}";
    }

    /** What APISIX does after the runner's answer: proxy the request with the rewritten headers to the relay. */
    private static HttpResponse<String> proxy(A6Answer answer, String body) throws Exception {
        return proxy(answer, "/v1/chat/completions", body);
    }

    private static HttpResponse<String> proxy(A6Answer answer, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(RELAY + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (path.equals("/v1/messages")) {
            request.header("anthropic-version", "2023-06-01"); // key-auth took x-api-key (hide_credentials)
        }
        answer.headers().forEach((name, value) -> {
            if (value != null) {
                request.header(name, value);
            }
        });
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static A6Answer edge(String consumer, String body) throws Exception {
        try (ApisixHarness apisix = new ApisixHarness(socket)) {
            return apisix.call(A6Request.chat(conf, consumer, body).header("x-modelgate-provider", "forged"));
        }
    }

    @Test
    void anAdmittedRequestIsServedByTheRelayUnderTheRunnersDecision() throws Exception {
        String body = chat("hello through APISIX");
        A6Answer answer = edge("gateway-app", body);
        assertThat(answer.isRewrite()).as(answer.bodyText()).isTrue();

        HttpResponse<String> served = proxy(answer, body);
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        JsonNode completion = JSON.readTree(served.body());
        assertThat(completion.path("model").asText()).isEqualTo("sim-solo");
        assertThat(served.headers().firstValue("x-modelgate-provider")).hasValue("sim");
        assertThat(completion.path("id").asText() + served.headers().map())
                .contains(answer.headers().get(DecisionSigner.REQUEST_ID_HEADER));

        HttpResponse<String> replayed = proxy(answer, body);
        assertThat(replayed.statusCode()).as("a decision is good for one request").isEqualTo(401);
    }

    private static A6Answer edgeMessages(String consumer, String body) throws Exception {
        try (ApisixHarness apisix = new ApisixHarness(socket)) {
            return apisix.call(A6Request.messages(conf, consumer, body).header("x-modelgate-provider", "forged"));
        }
    }

    @Test
    void aMessagesRequestIsDecidedAtTheEdgeAndReachesAnthropicAsTheClientSentIt() throws Exception {
        sim.clear();
        String body = messages("claude-sonnet-4-5", "hello through APISIX");
        A6Answer answer = edgeMessages("gateway-app", body);
        assertThat(answer.isRewrite()).as(answer.bodyText()).isTrue();

        HttpResponse<String> served = proxy(answer, "/v1/messages", body);
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        JsonNode message = JSON.readTree(served.body());
        assertThat(message.path("type").asText()).isEqualTo("message");
        assertThat(served.headers().firstValue("x-modelgate-wire")).hasValue("anthropic");
        assertThat(served.headers().firstValue("request-id")).as("the edge's request id is the generation's")
                .hasValue(answer.headers().get(DecisionSigner.REQUEST_ID_HEADER));
        assertThat(sim.requests()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/v1/messages");
            com.fasterxml.jackson.databind.node.ObjectNode expected = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(body);
            expected.put("model", "sim-claude");
            assertThat(JSON.readTree(r.body())).as("the client's own body, only the model changed").isEqualTo(expected);
        });

        HttpResponse<String> replayed = proxy(answer, "/v1/messages", body);
        assertThat(replayed.statusCode()).as("a decision is good for one request").isEqualTo(401);
        assertThat(JSON.readTree(replayed.body()).at("/error/type").asText()).isEqualTo("authentication_error");
    }

    @Test
    void aMessagesRequestForAnotherProviderIsTranslatedUnderTheEdgesDecision() throws Exception {
        String body = messages("solo", "hello through APISIX");
        A6Answer answer = edgeMessages("gateway-app", body);
        HttpResponse<String> served = proxy(answer, "/v1/messages", body);
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        JsonNode message = JSON.readTree(served.body());
        assertThat(message.path("model").asText()).isEqualTo("sim-solo");
        assertThat(message.at("/content/0/text").asText()).contains("hello through APISIX");
        assertThat(served.headers().firstValue("x-modelgate-provider")).hasValue("sim");
    }

    @Test
    void aMessagesRedactionDecidedAtTheEdgeIsPlacedInTheClientsBodyByTheRelay() throws Exception {
        sim.clear();
        String body = messages("claude-sonnet-4-5", "refund card 4111 1111 1111 1111 please");
        A6Answer answer = edgeMessages("gateway-app", body);
        assertThat(proxy(answer, "/v1/messages", body).statusCode()).isEqualTo(200);
        assertThat(sim.requests()).singleElement().satisfies(r -> {
            assertThat(r.body()).doesNotContain("4111 1111 1111 1111").contains("[REDACTED:CREDIT_CARD]");
            assertThat(JSON.readTree(r.body()).at("/system/0/cache_control/type").asText()).isEqualTo("ephemeral");
        });
    }

    @Test
    void aSecretInAMessagesRequestIsStoppedAtTheEdgeInAnthropicsShape() throws Exception {
        sim.clear();
        A6Answer answer = edgeMessages("gateway-app", messages("claude-sonnet-4-5", "my key is AKIA4N7QZRWX3KDP6TLB"));
        assertThat(answer.isStop()).isTrue();
        assertThat(answer.status()).isEqualTo(403);
        JsonNode error = JSON.readTree(answer.body());
        assertThat(error.at("/error/type").asText()).isEqualTo("permission_error");
        assertThat(error.path("request_id").asText()).isEqualTo(answer.headers().get(DecisionSigner.REQUEST_ID_HEADER));
        assertThat(sim.requests()).isEmpty();
    }

    /**
     * Codex behind APISIX: a Responses request decided and signed at the edge is executed by the relay (passed through
     * to the simulated OpenAI's /v1/responses). Behind a gateway the relay keeps no response (it holds no key of the
     * caller), so a continuation by previous_response_id is refused in OpenAI's shape; a secret stops at the edge.
     */
    @Test
    void aResponsesRequestIsDecidedAtTheEdgeAndExecutedByTheRelay() throws Exception {
        sim.clear();
        String body = "{\"model\":\"solo\",\"input\":\"hello through APISIX\",\"instructions\":\"Be brief.\"}";
        A6Answer answer;
        try (ApisixHarness apisix = new ApisixHarness(socket)) {
            answer = apisix.call(A6Request.responses(conf, "gateway-app", body));
        }
        assertThat(answer.isRewrite()).as(answer.bodyText()).isTrue();

        HttpResponse<String> served = proxy(answer, "/v1/responses", body);
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        JsonNode response = JSON.readTree(served.body());
        assertThat(response.path("object").asText()).isEqualTo("response");
        assertThat(response.path("store").asBoolean(true)).as("nothing kept behind a gateway").isFalse();
        assertThat(served.headers().firstValue("x-request-id")).hasValue(answer.headers().get(DecisionSigner.REQUEST_ID_HEADER));
        assertThat(sim.requests()).singleElement().satisfies(r -> assertThat(r.path()).isEqualTo("/v1/responses"));

        String continued = "{\"model\":\"solo\",\"input\":\"and then?\",\"previous_response_id\":\"" + response.path("id").asText() + "\"}";
        A6Answer next;
        try (ApisixHarness apisix = new ApisixHarness(socket)) {
            next = apisix.call(A6Request.responses(conf, "gateway-app", continued));
        }
        HttpResponse<String> refused = proxy(next, "/v1/responses", continued);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).at("/error/param").asText()).isEqualTo("previous_response_id");

        A6Answer secret;
        try (ApisixHarness apisix = new ApisixHarness(socket)) {
            secret = apisix.call(A6Request.responses(conf, "gateway-app",
                    "{\"model\":\"solo\",\"input\":\"my key is AKIA4N7QZRWX3KDP6TLB\"}"));
        }
        assertThat(secret.isStop()).isTrue();
        assertThat(secret.status()).isEqualTo(403);
    }

    @Test
    void redactionDecidedAtTheEdgeIsCarriedOutByTheRelay() throws Exception {
        sim.clear();
        String body = chat("refund card 4111 1111 1111 1111 please — 谢谢");
        A6Answer answer = edge("gateway-app", body);
        assertThat(answer.isRewrite()).isTrue();
        assertThat(proxy(answer, body).statusCode()).isEqualTo(200);
        assertThat(sim.requests()).singleElement().satisfies(r -> assertThat(r.body())
                .doesNotContain("4111 1111 1111 1111").contains("[REDACTED:CREDIT_CARD]").contains("谢谢"));
    }

    @Test
    void aRejectionNeverReachesTheRelay() throws Exception {
        sim.clear();
        A6Answer answer = edge("gateway-app", chat("my key is AKIA4N7QZRWX3KDP6TLB"));
        assertThat(answer.isStop()).isTrue();
        assertThat(answer.status()).isEqualTo(403);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("no-secrets");
        assertThat(sim.requests()).isEmpty();
    }

    @Test
    void aBudgetSpentThroughAnotherGatewayNodeIsRefusedHereFromTheRelaysSnapshot() throws Exception {
        // Another gateway node (its decisions signed here as a second runner would) spends team capped's budget.
        DecisionSigner otherNode = new DecisionSigner(Map.of("it", java.util.Base64.getDecoder().decode(System.getProperty(
                "modelgate.it.hmac", "bW9kZWxnYXRlLWludGVncmF0aW9uLXRlc3RzLW9ubHktc2VjcmV0"))), "it");
        int refusedByRelay = 0;
        for (int i = 0; i < 60 && refusedByRelay == 0; i++) {
            String body = chat("spent on the other node " + i);
            var decision = new dev.modelgate.policy.decision.RoutingDecision(java.util.UUID.randomUUID().toString(), "capped",
                    null, "solo", java.util.List.of("sim/sim-solo"), java.util.List.of(), "unused",
                    DecisionSigner.sha256(body.getBytes(StandardCharsets.UTF_8)), 10, 5,
                    java.time.Instant.now().getEpochSecond() + 60, java.time.Instant.now().getEpochSecond());
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(RELAY + "/v1/chat/completions"))
                    .header("Content-Type", "application/json").header(DecisionSigner.HEADER, otherNode.sign(decision))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 402) {
                refusedByRelay++;
            } else {
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            }
        }
        assertThat(refusedByRelay).as("the relay's own ledger ran out (each decision reserved 5 micro-USD)").isEqualTo(1);

        // This node has seen none of that traffic: only the relay's budget snapshot can tell it. Its own
        // estimate for this request is about 30 micro-USD, so alone it would admit more than 15 of them.
        String small = "{\"model\":\"solo\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"one more\"}]}";
        long deadline = System.nanoTime() + 10_000_000_000L;
        int admittedHere = 0;
        A6Answer answer;
        while (true) {
            answer = edge("capped-app", small);
            if (answer.isStop() || System.nanoTime() > deadline) {
                break;
            }
            admittedHere++;
            proxy(answer, small);
            Thread.sleep(100);
        }
        assertThat(answer.isStop()).as("the runner refuses the spent cap itself").isTrue();
        assertThat(admittedHere).as("refused from the snapshot, within a few polls, not from its own estimates").isLessThanOrEqualTo(4);
        assertThat(answer.status()).isEqualTo(402);
        assertThat(JSON.readTree(answer.body()).path("error").path("code").asText()).isEqualTo("budget_exhausted");
        sim.clear();
        assertThat(edge("capped-app", small).status()).isEqualTo(402);
        assertThat(sim.requests()).as("refused at the edge: no provider call").isEmpty();
    }
}
