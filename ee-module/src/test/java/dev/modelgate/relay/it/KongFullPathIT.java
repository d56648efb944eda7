package dev.modelgate.relay.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.decision.DecisionSigner;
import dev.modelgate.runner.kong.harness.KongHarness;
import dev.modelgate.runner.kong.harness.KongRequest;
import dev.modelgate.runner.kong.harness.KongResult;
import dev.modelgate.simulator.SimulatedProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kong path with real parts, for Anthropic's Messages API: the Kong plugin server jar built in this checkout,
 * started as Kong starts it; the Kong harness playing Kong's pb_rpc side (the access phase, then proxying the
 * request as Kong would, with the headers and the body the plugin set); the relay on Liberty; the simulated
 * provider behind it.
 */
@Timeout(120)
class KongFullPathIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String RELAY = "http://127.0.0.1:" + RelayIT.PORT;

    private static Process server;
    private static KongHarness kong;
    private static int instance;
    private static SimulatedProvider sim;

    @BeforeAll
    static void startServer() throws Exception {
        sim = SharedSimulator.get();
        Path jar = Path.of(System.getProperty("modelgate.it.kong.jar", "../plugin-runner/kong/target/modelgate-kong.jar"));
        Path policy = Path.of(System.getProperty("modelgate.it.policy", "src/test/resources/it-policy.yaml")).toAbsolutePath();
        Path prefix = Files.createTempDirectory("mg-kong-fullpath");
        Path socket = prefix.resolve("modelgate.socket");
        ProcessBuilder start = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toAbsolutePath().toString(), "-kong-prefix", prefix.toString());
        start.environment().keySet().removeIf(name -> name.startsWith("MODELGATE_"));
        start.environment().put("MODELGATE_GATEWAY_HMAC_KEYS", "it:" + System.getProperty("modelgate.it.hmac",
                "bW9kZWxnYXRlLWludGVncmF0aW9uLXRlc3RzLW9ubHktc2VjcmV0"));
        server = start.redirectErrorStream(true).redirectOutput(prefix.resolve("server.log").toFile()).start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(socket)) {
            assertThat(server.isAlive()).as("plugin server exited: see " + prefix.resolve("server.log")).isTrue();
            assertThat(System.nanoTime()).as("plugin server socket within 60 s").isLessThan(deadline);
            Thread.sleep(100);
        }
        kong = new KongHarness(socket);
        // As Kong stores the plugin's config: every schema field present, unset ones null.
        instance = kong.startInstance("{\"policy_files\":[\"" + policy + "\"],\"consumer_header\":null,\"hmac_key_id\":\"it\","
                + "\"decision_ttl_seconds\":30}", 1);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (kong != null) {
            kong.close();
        }
        if (server != null) {
            server.destroy();
            server.waitFor();
        }
    }

    private static String messages(String model, String text) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":256,"
                + "\"system\":[{\"type\":\"text\",\"text\":\"You are a coding agent.\",\"cache_control\":{\"type\":\"ephemeral\"}}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}]}]}";
    }

    /** What Kong does after the access phase: proxy with the headers the plugin set and its body, if it gave one. */
    private static HttpResponse<String> proxy(KongResult result, String clientBody) throws Exception {
        return proxy(result, "/v1/messages", clientBody);
    }

    private static HttpResponse<String> proxy(KongResult result, String path, String clientBody) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(RELAY + path))
                .header("Content-Type", "application/json").header("anthropic-version", "2023-06-01")
                .POST(result.upstreamBody() != null ? HttpRequest.BodyPublishers.ofByteArray(result.upstreamBody())
                        : HttpRequest.BodyPublishers.ofString(clientBody));
        result.upstreamSet().forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Codex behind Kong: a Responses request is decided in Kong, a card number redacted in the client's own body (Kong
     * can replace it), and the relay accepts the signed decision and passes the request to the simulated OpenAI.
     */
    @Test
    void aResponsesRequestIsDecidedAndRedactedInKongAndExecutedByTheRelay() throws Exception {
        sim.clear();
        String body = "{\"model\":\"solo\",\"input\":\"refund card 4111 1111 1111 1111 please\",\"instructions\":\"Be brief.\"}";
        KongResult result = kong.access(instance, KongRequest.responses("gateway-app", body));
        assertThat(result.exited()).as(result.exitBodyText()).isFalse();

        HttpResponse<String> served = proxy(result, "/v1/responses", body);
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        assertThat(JSON.readTree(served.body()).path("object").asText()).isEqualTo("response");
        assertThat(served.headers().firstValue("x-request-id")).hasValue(result.upstreamSet().get(DecisionSigner.REQUEST_ID_HEADER));
        assertThat(sim.requests()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/v1/responses");
            assertThat(r.body()).doesNotContain("4111 1111 1111 1111").contains("[REDACTED:CREDIT_CARD]");
        });
        assertThat(proxy(result, "/v1/responses", body).statusCode()).as("a decision is good for one request").isEqualTo(401);
    }

    @Test
    void aMessagesRequestIsDecidedInKongAndReachesAnthropicAsTheClientSentIt() throws Exception {
        sim.clear();
        String body = messages("claude-sonnet-4-5", "hello through Kong");
        KongResult result = kong.access(instance, KongRequest.messages("gateway-app", body).header("x-modelgate-provider", "forged"));
        assertThat(result.exited()).as(result.exitBodyText()).isFalse();
        assertThat(result.upstreamClear()).containsExactly("x-modelgate-provider");

        HttpResponse<String> served = proxy(result, body);
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        assertThat(JSON.readTree(served.body()).path("type").asText()).isEqualTo("message");
        assertThat(served.headers().firstValue("request-id")).hasValue(result.upstreamSet().get(DecisionSigner.REQUEST_ID_HEADER));
        assertThat(sim.requests()).singleElement().satisfies(r -> {
            ObjectNode expected = (ObjectNode) JSON.readTree(body);
            expected.put("model", "sim-claude");
            assertThat(JSON.readTree(r.body())).isEqualTo(expected);
        });
        assertThat(proxy(result, body).statusCode()).as("a decision is good for one request").isEqualTo(401);
    }

    /** Kong can replace the body: the redaction is made in the client's Anthropic body, and the relay gets clean text. */
    @Test
    void aMessagesRedactionIsMadeInKongInTheClientsFormat() throws Exception {
        sim.clear();
        String body = messages("claude-sonnet-4-5", "refund card 4111 1111 1111 1111 please");
        KongResult result = kong.access(instance, KongRequest.messages("gateway-app", body));
        assertThat(result.upstreamBody()).isNotNull();

        assertThat(proxy(result, body).statusCode()).isEqualTo(200);
        assertThat(sim.requests()).singleElement().satisfies(r -> {
            assertThat(r.body()).doesNotContain("4111 1111 1111 1111").contains("[REDACTED:CREDIT_CARD]");
            assertThat(JSON.readTree(r.body()).at("/system/0/cache_control/type").asText()).isEqualTo("ephemeral");
        });
    }

    @Test
    void aSecretInAMessagesRequestIsStoppedInKongInAnthropicsShape() throws Exception {
        sim.clear();
        KongResult result = kong.access(instance, KongRequest.messages("gateway-app", messages("claude-sonnet-4-5",
                "my key is AKIA4N7QZRWX3KDP6TLB")));
        assertThat(result.exitStatus()).isEqualTo(403);
        JsonNode error = JSON.readTree(result.exitBody());
        assertThat(error.at("/error/type").asText()).isEqualTo("permission_error");
        assertThat(error.path("request_id").asText()).isEqualTo(result.exitHeaders().get(DecisionSigner.REQUEST_ID_HEADER));
        assertThat(sim.requests()).isEmpty();
    }
}
