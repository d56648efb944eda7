package dev.modelgate.runner.kong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.policy.decision.DecisionSigner;
import dev.modelgate.policy.decision.RoutingDecision;
import dev.modelgate.runner.kong.harness.KongHarness;
import dev.modelgate.runner.kong.harness.KongRequest;
import dev.modelgate.runner.kong.harness.KongResult;
import dev.modelgate.runner.kong.protocol.RpcReturn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plugin server driven over its real Unix socket by a harness that plays Kong's pb_rpc side. */
@Timeout(60)
class KongProtocolTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final DecisionSigner RELAY = new DecisionSigner(Map.of("k1", TestServer.HMAC_SECRET, "k2", TestServer.HMAC_SECRET_2), "k1");

    static KongHarness kong;
    static int instance;

    @BeforeAll
    static void start() throws Exception {
        kong = new KongHarness(TestServer.socket());
        instance = kong.startInstance(TestServer.config(TestServer.policyCopy("protocol"), "k1"), 1);
    }

    @AfterAll
    static void stop() {
        kong.close();
    }

    static String chat(String model, String content) throws Exception {
        return JSON.writeValueAsString(Map.of("model", model, "messages", List.of(Map.of("role", "user", "content", content))));
    }

    static String messages(String model, String content) throws Exception {
        return JSON.writeValueAsString(Map.of("model", model, "max_tokens", 256, "messages",
                List.of(Map.of("role", "user", "content", List.of(Map.of("type", "text", "text", content,
                        "cache_control", Map.of("type", "ephemeral")))))));
    }

    static String responses(String model, String toolOutput) throws Exception {
        return JSON.writeValueAsString(Map.of("model", model, "instructions", "You are a coding agent.", "input",
                List.of(Map.of("role", "user", "content", "run the tests"),
                        Map.of("type", "function_call", "call_id", "c1", "name", "shell", "arguments", "{}"),
                        Map.of("type", "function_call_output", "call_id", "c1", "output", toolOutput))));
    }

    static RoutingDecision decisionOf(KongResult result) throws Exception {
        assertThat(result.exited()).as("exit %s %s", result.exitStatus(), result.exitBodyText()).isFalse();
        return RELAY.verify(result.upstreamSet().get(DecisionSigner.HEADER), Instant.now());
    }

    static JsonNode errorOf(KongResult result, int status) throws Exception {
        assertThat(result.exitStatus()).as(result.exitBodyText()).isEqualTo(status);
        assertThat(result.exitHeaders()).containsEntry("content-type", "application/json").containsKey(DecisionSigner.REQUEST_ID_HEADER);
        assertThat(result.upstreamSet()).isEmpty();
        JsonNode error = JSON.readTree(result.exitBody()).path("error");
        assertThat(error.path("message").asText()).isNotBlank();
        return error;
    }

    @Test
    void describesItselfAsKongAsks() throws Exception {
        assertThat(kong.pluginNames().getPluginNames().getNamesList()).containsExactly("modelgate");
        RpcReturn info = kong.pluginInfo("modelgate");
        assertThat(info.getPluginInfo().getPhasesList()).containsExactly("access");
        assertThat(info.getPluginInfo().getPriority()).isEqualTo(900);
        assertThat(JSON.readTree(info.getPluginInfo().getSchema()).path("fields").path(0).path("config").path("fields").toString())
                .contains("policy_files", "consumer_header", "hmac_key_id", "decision_ttl_seconds");
        assertThat(kong.pluginInfo("someone-else").hasPluginInfo()).isFalse();
    }

    @Test
    void admitsWithASignedDecisionAndStripsClientModelgateHeaders() throws Exception {
        String body = chat("chat", "Summarise the quarterly numbers.");
        KongResult result = kong.access(instance, KongRequest.chat("search-app", body)
                .header("x-modelgate-decision", "v1.k1.forged.sig").header("x-modelgate-provider", "a", "b"));

        RoutingDecision decision = decisionOf(result);
        assertThat(decision.team()).isEqualTo("search");
        assertThat(decision.alias()).isEqualTo("chat");
        assertThat(decision.candidates()).containsExactly("sim/sim-chat");
        assertThat(decision.bodySha256()).isEqualTo(DecisionSigner.sha256(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(decision.requestId()).isEqualTo(result.upstreamSet().get(DecisionSigner.REQUEST_ID_HEADER));
        assertThat(result.upstreamClear()).containsExactly("x-modelgate-provider");
        assertThat(result.upstreamBody()).as("nothing to redact: the body is left alone").isNull();
        assertThat(result.pdkCalls()).as("four reads and one write, one round trip each").containsExactly(
                "kong.request.get_path", "kong.request.get_headers", "kong.client.get_consumer",
                "kong.request.get_raw_body", "kong.service.request.clear_header", "kong.service.request.set_headers");
    }

    @Test
    void redactsTheBodyAtTheEdgeBecauseKongCanReplaceIt() throws Exception {
        String body = chat("chat", "Write to zoë.müller@example.com about 请总结 🚀");
        KongResult result = kong.access(instance, KongRequest.chat("support-bot", body));

        RoutingDecision decision = decisionOf(result);
        assertThat(result.upstreamBody()).as("the redacted body replaces the client's").isNotNull();
        String forwarded = new String(result.upstreamBody(), StandardCharsets.UTF_8);
        assertThat(forwarded).doesNotContain("zoë.müller@example.com").contains("请总结 🚀");
        assertThat(decision.redactedBy()).as("nothing is left for the relay to redact").isEmpty();
        assertThat(decision.bodySha256()).as("the decision binds the body the relay will receive")
                .isEqualTo(DecisionSigner.sha256(result.upstreamBody()));
    }

    @Test
    void aMessagesRequestIsDecidedAsTheChatItMeansAndSignedOverTheClientsBytes() throws Exception {
        String body = messages("chat", "Refactor the parser, keep the tests green.");
        KongResult result = kong.access(instance, KongRequest.messages("search-app", body).header("x-modelgate-provider", "a"));

        RoutingDecision decision = decisionOf(result);
        assertThat(decision.team()).isEqualTo("search");
        assertThat(decision.alias()).isEqualTo("chat");
        assertThat(decision.bodySha256()).as("the client's Anthropic bytes").isEqualTo(DecisionSigner.sha256(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(result.upstreamClear()).containsExactly("x-modelgate-provider");
        assertThat(result.upstreamBody()).isNull();
    }

    @Test
    void aMessagesRequestIsRedactedInItsOwnFormat() throws Exception {
        KongResult result = kong.access(instance, KongRequest.messages("support-bot",
                messages("chat", "Write to zoë.müller@example.com about 请总结 🚀")));

        RoutingDecision decision = decisionOf(result);
        JsonNode forwarded = JSON.readTree(result.upstreamBody());
        assertThat(forwarded.at("/messages/0/content/0/text").asText()).doesNotContain("zoë.müller@example.com").contains("请总结 🚀");
        assertThat(forwarded.at("/messages/0/content/0/cache_control/type").asText()).as("still the client's Anthropic body")
                .isEqualTo("ephemeral");
        assertThat(forwarded.path("max_tokens").asInt()).isEqualTo(256);
        assertThat(decision.redactedBy()).isEmpty();
        assertThat(decision.bodySha256()).isEqualTo(DecisionSigner.sha256(result.upstreamBody()));
    }

    @Test
    void aSecretInAMessagesRequestIsStoppedInAnthropicsErrorShape() throws Exception {
        KongResult result = kong.access(instance, KongRequest.messages("search-app", messages("chat", "deploy with AKIA4N7QZRWX3KDP6TLB please")));
        assertThat(result.exitStatus()).isEqualTo(403);
        assertThat(result.upstreamSet()).isEmpty();
        JsonNode error = JSON.readTree(result.exitBody());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.at("/error/type").asText()).isEqualTo("permission_error");
        assertThat(error.at("/error/message").asText()).contains("no-secrets");
        assertThat(error.path("request_id").asText()).isEqualTo(result.exitHeaders().get(DecisionSigner.REQUEST_ID_HEADER))
                .isEqualTo(result.exitHeaders().get("request-id"));
        assertThat(result.exitBodyText()).doesNotContain("AKIA4N7QZRWX3KDP6TLB");
    }

    @Test
    void aResponsesRequestIsDecidedAndSignedOverTheClientsBytes() throws Exception {
        String body = responses("chat", "BUILD SUCCESS");
        RoutingDecision decision = decisionOf(kong.access(instance, KongRequest.responses("search-app", body)));
        assertThat(decision.team()).isEqualTo("search");
        assertThat(decision.alias()).isEqualTo("chat");
        assertThat(decision.bodySha256()).isEqualTo(DecisionSigner.sha256(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aResponsesRequestIsRedactedInPlace() throws Exception {
        KongResult result = kong.access(instance, KongRequest.responses("support-bot", responses("chat", "mail zoë.müller@example.com 🚀")));
        RoutingDecision decision = decisionOf(result);
        JsonNode forwarded = JSON.readTree(result.upstreamBody());
        assertThat(forwarded.at("/input/2/output").asText()).doesNotContain("zoë.müller@example.com").endsWith("🚀");
        assertThat(forwarded.at("/input/2/type").asText()).isEqualTo("function_call_output");
        assertThat(decision.bodySha256()).isEqualTo(DecisionSigner.sha256(result.upstreamBody()));
    }

    @Test
    void aSecretInAResponsesRequestIsStoppedInOpenAisErrorShape() throws Exception {
        JsonNode error = errorOf(kong.access(instance, KongRequest.responses("search-app", responses("chat", "key AKIA4N7QZRWX3KDP6TLB"))), 403);
        assertThat(error.path("code").asText()).isEqualTo("guardrail_denied");
        assertThat(error.toString()).contains("no-secrets").doesNotContain("AKIA4N7QZRWX3KDP6TLB");
    }

    @Test
    void everyRejectionIsAKongExitWithAnOpenAiError() throws Exception {
        assertThat(errorOf(kong.access(instance, KongRequest.chat(null, chat("chat", "hi"))), 401).path("code").asText())
                .isEqualTo("missing_identity");
        assertThat(errorOf(kong.access(instance, KongRequest.chat("stranger", chat("chat", "hi"))), 403).path("code").asText())
                .isEqualTo("unknown_team");
        JsonNode unknown = errorOf(kong.access(instance, KongRequest.chat("search-app", chat("gpt-9", "hi"))), 404);
        assertThat(unknown.path("code").asText()).isEqualTo("model_not_found");
        assertThat(unknown.path("param").asText()).isEqualTo("model");
        assertThat(errorOf(kong.access(instance, KongRequest.chat("support-bot", chat("premium", "hi"))), 403).path("code").asText())
                .isEqualTo("model_not_allowed");
        JsonNode secret = errorOf(kong.access(instance, KongRequest.chat("search-app",
                chat("chat", "deploy with AKIA4N7QZRWX3KDP6TLB please"))), 403);
        assertThat(secret.toString()).contains("no-secrets").doesNotContain("AKIA4N7QZRWX3KDP6TLB");
        String tagged = "{\"model\":\"premium\",\"metadata\":{\"batch\":\"nightly\"},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        assertThat(errorOf(kong.access(instance, KongRequest.chat("search-app", tagged)), 403).path("code").asText())
                .isEqualTo("denied_by_rule");
        assertThat(errorOf(kong.access(instance, KongRequest.chat("search-app", "{\"model\": \"chat\", \"messages\": [")), 400)
                .path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(errorOf(kong.access(instance, KongRequest.chat("search-app", chat("chat", "x")).path("/v1/admin/secrets")), 404)
                .path("code").asText()).isEqualTo("unknown_url");
    }

    @Test
    void rateLimitAnswers429WithRetryAfter() throws Exception {
        for (int i = 0; i < 2; i++) {
            decisionOf(kong.access(instance, KongRequest.chat("tiny-app", chat("chat", "ping " + i))));
        }
        KongResult third = kong.access(instance, KongRequest.chat("tiny-app", chat("chat", "ping 3")));
        assertThat(errorOf(third, 429).path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(Long.parseLong(third.exitHeaders().get("retry-after"))).isBetween(1L, 60L);
    }

    @Test
    void nonAsciiPromptsReachTheEvaluatorByteForByte() throws Exception {
        String body = chat("chat", "请总结这份报告 — لخص هذا التقرير 🚀👩🏽‍💻");
        RoutingDecision decision = decisionOf(kong.access(instance, KongRequest.chat("search-app", body)));
        assertThat(decision.bodySha256()).isEqualTo(DecisionSigner.sha256(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(errorOf(kong.access(instance, KongRequest.chat("support-bot", chat("chat", "密钥是 AKIA4N7QZRWX3KDP6TLB 🚀"))), 403)
                .toString()).contains("no-secrets");
    }

    @Test
    void largeBodiesComeFromKongsTempFile() throws Exception {
        String big = chat("chat", "lorem ipsum ".repeat(90_000));
        Path file = Files.createTempFile("kong-body", ".tmp");
        Files.writeString(file, big);
        RoutingDecision decision = decisionOf(kong.access(instance, KongRequest.chat("search-app", "").bodyInFile(file)));
        assertThat(decision.bodySha256()).isEqualTo(DecisionSigner.sha256(big.getBytes(StandardCharsets.UTF_8)));
        assertThat(decision.inputTokens()).isGreaterThan(100_000);

        Files.writeString(file, chat("chat", "a".repeat(1_600_000)));
        assertThat(errorOf(kong.access(instance, KongRequest.chat("search-app", "").bodyInFile(file)), 413).path("type").asText())
                .isEqualTo("invalid_request_error");
    }

    @Test
    void aBodyThatCannotBeReadIsA500AndTheServerCarriesOn() throws Exception {
        KongResult missingFile = kong.access(instance, KongRequest.chat("search-app", "")
                .bodyInFile(Path.of("/nonexistent/kong/client_body_temp/0000000001")));
        assertThat(errorOf(missingFile, 500).path("code").asText()).isEqualTo("body_unavailable");
        assertThat(missingFile.exitBodyText()).doesNotContain("client_body_temp");
        assertThat(errorOf(kong.access(instance, KongRequest.chat("search-app", "").bodyError("Can't read request body")), 500)
                .path("code").asText()).isEqualTo("body_unavailable");

        decisionOf(kong.access(instance, KongRequest.chat("search-app", chat("chat", "still served"))));
    }

    @Test
    void aNewConfigVersionIsANewInstanceAndTheOldOneCloses() throws Exception {
        Path policy = TestServer.policyCopy("seq");
        int first = kong.startInstance(TestServer.config(policy, "k1"), 10);
        assertThat(RELAY.verify(kong.access(first, KongRequest.chat("search-app", chat("chat", "v1"))).upstreamSet()
                .get(DecisionSigner.HEADER), Instant.now()).team()).isEqualTo("search");

        // The route's config changes (now signs with k2): Kong starts the new instance, then closes the old one.
        int second = kong.startInstance(TestServer.config(policy, "k2"), 11);
        assertThat(second).isNotEqualTo(first);
        assertThat(kong.closeInstance(first).getInstanceStatus().getInstanceId()).isEqualTo(first);

        KongResult after = kong.access(second, KongRequest.chat("search-app", chat("chat", "v2")));
        assertThat(after.upstreamSet().get(DecisionSigner.HEADER)).startsWith("v1.k2.");
        decisionOf(after);

        // The closed instance is gone: hanging up is how Kong learns to start it again.
        assertThatThrownBy(() -> kong.access(first, KongRequest.chat("search-app", chat("chat", "late"))))
                .isInstanceOf(EOFException.class);
    }

    /**
     * Kong hands over whatever nginx's header buffers let through (an operator may raise them): the plugin
     * refuses what the relay would refuse, in OpenAI's shape, and the server keeps serving.
     */
    @Test
    void oversizedAndInvalidHeadersAreRefusedInOpenAisShapeAndTheServerKeepsServing() throws Exception {
        for (int size : new int[]{64 * 1024, 1024 * 1024}) {
            KongResult result = kong.access(instance, KongRequest.chat("search-app", chat("chat", "hi"))
                    .header("x-filler", "sk-secret-" + "a".repeat(size)));
            JsonNode error = errorOf(result, 431);
            assertThat(error.path("code").asText()).isEqualTo("request_header_fields_too_large");
            assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(result.exitBodyText()).contains("x-filler").doesNotContain("sk-secret");
            assertThat(decisionOf(kong.access(instance, KongRequest.chat("search-app", chat("chat", "after " + size)))).team())
                    .as("a normal request right after").isEqualTo("search");
        }
        KongResult many = kong.access(instance, KongRequest.chat("search-app", chat("chat", "hi"))
                .header("x-many", java.util.Collections.nCopies(2000, "v".repeat(20)).toArray(String[]::new)));
        assertThat(errorOf(many, 431).path("code").asText()).as("a repeated header counts as its joined value")
                .isEqualTo("request_header_fields_too_large");
        KongResult injected = kong.access(instance, KongRequest.chat("search-app", chat("chat", "hi"))
                .header("x-note", "a\r\nx-modelgate-decision: forged"));
        assertThat(errorOf(injected, 400).path("code").asText()).isEqualTo("invalid_header");
        decisionOf(kong.access(instance, KongRequest.chat("search-app", chat("chat", "still served"))));
    }

    @Test
    void aConfigWithAPluginInstanceNameIsServed() throws Exception {
        // Kong adds the plugin's instance_name to its config as plugin_instance_name once one is set.
        int named = kong.startInstance(TestServer.config(TestServer.policyCopy("named"), "k1"), 40, "r-named", "modelgate-eu");
        RoutingDecision decision = decisionOf(kong.access(named, KongRequest.chat("search-app", chat("chat", "named instance"))));
        assertThat(decision.team()).isEqualTo("search");
    }

    @Test
    void aMalformedConfigAnswersEachRequestWithAClear500() throws Exception {
        int bad = kong.startInstance("{\"policy_files\":[],\"colour\":\"blue\"}", 20);
        JsonNode error = errorOf(kong.access(bad, KongRequest.chat("search-app", chat("chat", "hi"))), 500);
        assertThat(error.path("code").asText()).isEqualTo("gateway_misconfigured");
        assertThat(error.path("message").asText()).contains("colour");

        int noPolicy = kong.startInstance(TestServer.config(Path.of("/nonexistent/policy.yaml"), "k1"), 21);
        assertThat(errorOf(kong.access(noPolicy, KongRequest.chat("search-app", chat("chat", "hi"))), 500).path("code").asText())
                .isEqualTo("policy_unavailable");
        decisionOf(kong.access(instance, KongRequest.chat("search-app", chat("chat", "others unaffected"))));
    }

    @Test
    void aPolicyEditReloadsAndABadEditKeepsTheOldPolicy() throws Exception {
        Path policy = TestServer.policyCopy("reload");
        int id = kong.startInstance(TestServer.config(policy, "k1"), 30);
        decisionOf(kong.access(id, KongRequest.chat("support-bot", chat("chat", "hi"))));

        String original = Files.readString(policy);
        Files.writeString(policy, original.replace("allow_models: [chat]", "allow_models: [premium]"));
        awaitStatus(id, KongRequest.chat("support-bot", chat("chat", "hi")), 403);

        Files.writeString(policy, original.replace("allow_models: [chat]", "allow_models: [chat]\n    limits: { rpm: -5 }"));
        Thread.sleep(500);
        assertThat(errorOf(kong.access(id, KongRequest.chat("support-bot", chat("chat", "hi"))), 403).path("code").asText())
                .as("the invalid edit is refused; the previous version still serves").isEqualTo("model_not_allowed");
    }

    private static void awaitStatus(int id, KongRequest request, int status) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            KongResult r = kong.access(id, request);
            if (r.exited() && r.exitStatus() == status) {
                return;
            }
            assertThat(System.nanoTime()).as("policy reload not seen").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void sixtyFourConcurrentConnections() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(64);
        Set<String> ids = ConcurrentHashMap.newKeySet();
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 64; t++) {
                int n = t;
                done.add(pool.submit(() -> {
                    try (KongHarness own = new KongHarness(TestServer.socket())) {
                        for (int i = 0; i < 20; i++) {
                            String body = chat("chat", "conversation " + n + " turn " + i + " 你好");
                            RoutingDecision d = decisionOf(own.access(instance, KongRequest.chat("search-app", body)));
                            assertThat(d.bodySha256()).isEqualTo(DecisionSigner.sha256(body.getBytes(StandardCharsets.UTF_8)));
                            ids.add(d.requestId());
                        }
                        return own.pooled();
                    }
                }));
            }
            for (Future<Integer> f : done) {
                assertThat(f.get()).as("each connection was reused, not reopened").isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ids).hasSize(64 * 20);
    }
}
