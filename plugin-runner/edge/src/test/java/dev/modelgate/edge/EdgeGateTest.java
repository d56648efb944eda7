package dev.modelgate.edge;

import dev.modelgate.policy.decision.RequestIds;
import dev.modelgate.edge.budget.RelayEnforcedBudgets;
import dev.modelgate.shared.limits.RedisRateCounters;
import dev.modelgate.edge.policy.PolicyWatcher;
import dev.modelgate.policy.decision.DecisionSigner;
import dev.modelgate.policy.decision.RoutingDecision;
import dev.modelgate.policy.eval.PolicyEvaluator;
import dev.modelgate.policy.limits.InProcessConcurrencyLimiter;
import dev.modelgate.policy.limits.InProcessRateCounters;
import dev.modelgate.policy.limits.RateCounters;
import dev.modelgate.policy.load.EnvInterpolator;
import dev.modelgate.policy.routing.HealthSource;
import dev.modelgate.policy.tokens.TokenEstimator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The edge logic with Redis gone (each failure mode) and on a host that can rewrite the body. */
class EdgeGateTest {

    static final byte[] SECRET = "edge-test-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8);
    static final String KEYS = "k1:" + Base64.getEncoder().encodeToString(SECRET);
    static final DecisionSigner RELAY = new DecisionSigner(Map.of("k1", SECRET), "k1");

    static RedisRateCounters deadRedis;
    static PolicyWatcher openPolicies;
    static PolicyWatcher closedPolicies;

    @BeforeAll
    static void setUp() {
        deadRedis = new RedisRateCounters("redis://127.0.0.1:1/0", Duration.ofMillis(200), Duration.ofSeconds(30), Clock.systemUTC());
        openPolicies = failOpenPolicies();
        closedPolicies = new PolicyWatcher(new EnvInterpolator(name -> name.equals("TEST_COUNTERS_MODE") ? "fail_closed" : null), Duration.ofHours(1));
    }

    @AfterAll
    static void tearDown() {
        deadRedis.close();
        openPolicies.close();
        closedPolicies.close();
    }

    static EdgeSettings settings() throws IOException {
        Path dir = Files.createTempDirectory("edge-policy");
        try (InputStream in = EdgeGateTest.class.getResourceAsStream("/edge-policy.yaml")) {
            Files.write(dir.resolve("policy.yaml"), in.readAllBytes());
        }
        return EdgeSettings.parse("{\"policy_files\": [\"" + dir.resolve("policy.yaml") + "\"]}");
    }

    static PolicyEvaluator evaluator(RateCounters counters) {
        return new PolicyEvaluator(new TokenEstimator(), counters, new InProcessConcurrencyLimiter(),
                new RelayEnforcedBudgets(), HealthSource.NONE, Clock.systemUTC());
    }

    /** A watcher of the test policy with counters failing open (call {@code close} after the tests). */
    static PolicyWatcher failOpenPolicies() {
        return new PolicyWatcher(new EnvInterpolator(name -> name.equals("TEST_COUNTERS_MODE") ? "fail_open" : null), Duration.ofHours(1));
    }

    /** A gate on this node's own counters, signing with {@link #KEYS}. */
    static EdgeGate gate(PolicyWatcher policies, boolean hostRewritesBody) {
        return new EdgeGate(policies, evaluator(new InProcessRateCounters()), evaluator(new InProcessRateCounters()), KEYS,
                hostRewritesBody, new RequestIds("mg-"), Clock.systemUTC());
    }

    static EdgeRequest chat(String text) {
        String body = "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
        return new EdgeRequest("support-bot", "/v1/chat/completions", Map.of("content-type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void failOpenFallsBackToThisNodesCountersWhichStillLimit() throws Exception {
        EdgeGate gate = new EdgeGate(openPolicies, evaluator(deadRedis), evaluator(new InProcessRateCounters()), KEYS,
                false, new RequestIds("mg-"), Clock.systemUTC());
        EdgeSettings settings = settings();
        assertThat(gate.handle(settings, chat("first"))).isInstanceOf(EdgeOutcome.Forward.class);
        EdgeOutcome second = gate.handle(settings, chat("second"));
        assertThat(second).isInstanceOf(EdgeOutcome.Reject.class);
        assertThat(((EdgeOutcome.Reject) second).status()).isEqualTo(429);
    }

    @Test
    void failClosedRefusesWith503() throws Exception {
        EdgeGate gate = new EdgeGate(closedPolicies, evaluator(deadRedis), evaluator(new InProcessRateCounters()), KEYS,
                false, new RequestIds("mg-"), Clock.systemUTC());
        EdgeOutcome outcome = gate.handle(settings(), chat("hello"));
        assertThat(outcome).isInstanceOf(EdgeOutcome.Reject.class);
        EdgeOutcome.Reject reject = (EdgeOutcome.Reject) outcome;
        assertThat(reject.status()).isEqualTo(503);
        assertThat(reject.body()).contains("counters_unavailable");
    }

    @Test
    void aHostThatRewritesBodiesRedactsAtTheEdgeAndBindsTheDecisionToTheRedactedBody() throws Exception {
        EdgeGate gate = new EdgeGate(openPolicies, evaluator(new InProcessRateCounters()), evaluator(new InProcessRateCounters()),
                KEYS, true, new RequestIds("mg-"), Clock.systemUTC());
        EdgeOutcome.Forward forward = (EdgeOutcome.Forward) gate.handle(settings(), chat("write to ana@example.com"));
        assertThat(new String(forward.newBody(), StandardCharsets.UTF_8)).doesNotContain("ana@example.com");
        RoutingDecision decision = RELAY.verify(forward.setHeaders().get(DecisionSigner.HEADER), Instant.now());
        assertThat(decision.redactedBy()).as("nothing left for the relay to redact").isEmpty();
        assertThat(decision.bodySha256()).isEqualTo(DecisionSigner.sha256(forward.newBody()));
    }

    @Test
    void aHostThatCannotRewriteLeavesRedactionToTheRelay() throws Exception {
        EdgeGate gate = new EdgeGate(openPolicies, evaluator(new InProcessRateCounters()), evaluator(new InProcessRateCounters()),
                KEYS, false, new RequestIds("mg-"), Clock.systemUTC());
        EdgeRequest request = chat("write to ana@example.com");
        EdgeOutcome.Forward forward = (EdgeOutcome.Forward) gate.handle(settings(), request);
        assertThat(forward.newBody()).isNull();
        RoutingDecision decision = RELAY.verify(forward.setHeaders().get(DecisionSigner.HEADER), Instant.now());
        assertThat(decision.redactedBy()).containsExactly("emails-redacted");
        assertThat(decision.bodySha256()).isEqualTo(DecisionSigner.sha256(request.body()));
        assertThat(List.copyOf(forward.setHeaders().keySet())).containsExactlyInAnyOrder(DecisionSigner.HEADER,
                DecisionSigner.REQUEST_ID_HEADER);
    }
}
