package dev.modelgate.edge.metrics;

import dev.modelgate.edge.EdgeGate;
import dev.modelgate.edge.EdgeOutcome;
import dev.modelgate.edge.EdgeRequest;
import dev.modelgate.edge.EdgeSettings;
import dev.modelgate.edge.policy.PolicyWatcher;
import dev.modelgate.edge.budget.RelayEnforcedBudgets;
import dev.modelgate.policy.decision.RequestIds;
import dev.modelgate.policy.eval.PolicyEvaluator;
import dev.modelgate.policy.limits.InProcessConcurrencyLimiter;
import dev.modelgate.policy.limits.InProcessRateCounters;
import dev.modelgate.policy.load.EnvInterpolator;
import dev.modelgate.policy.request.HeaderLimits;
import dev.modelgate.policy.routing.HealthSource;
import dev.modelgate.policy.tokens.TokenEstimator;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A gateway node's decisions, timed and served for Prometheus: what a scrape of the node's own HTTP endpoint reads
 * after it forwarded one request and refused two.
 */
class EdgeMetricsTest {

    private static final String KEYS = "k1:" + Base64.getEncoder().encodeToString(
            "edge-test-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8));

    private static PolicyEvaluator evaluator() {
        return new PolicyEvaluator(new TokenEstimator(), new InProcessRateCounters(), new InProcessConcurrencyLimiter(),
                new RelayEnforcedBudgets(), HealthSource.NONE, Clock.systemUTC());
    }

    private static EdgeRequest chat(String text) {
        return new EdgeRequest("support-bot", "/v1/chat/completions", Map.of("content-type", "application/json"),
                ("{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachDecisionIsTimedByEndpointAndOutcomeAndServedForPrometheus() throws Exception {
        Path dir = Files.createTempDirectory("edge-policy");
        try (InputStream in = EdgeMetricsTest.class.getResourceAsStream("/edge-policy.yaml")) {
            Files.write(dir.resolve("policy.yaml"), in.readAllBytes());
        }
        EdgeSettings settings = EdgeSettings.parse("{\"policy_files\": [\"" + dir.resolve("policy.yaml") + "\"]}");
        EdgeMetrics metrics = new EdgeMetrics();
        try (PolicyWatcher policies = new PolicyWatcher(new EnvInterpolator(name -> name.equals("TEST_COUNTERS_MODE") ? "fail_open" : null),
                Duration.ofHours(1));
             MetricsEndpoint endpoint = MetricsEndpoint.start(metrics, "127.0.0.1:0")) {
            EdgeGate gate = new EdgeGate(policies, evaluator(), evaluator(), KEYS, false, new RequestIds("mg-"), Clock.systemUTC(),
                    HeaderLimits.defaults(), metrics);

            assertThat(gate.handle(settings, chat("hello"))).isInstanceOf(EdgeOutcome.Forward.class);
            EdgeOutcome unknown = gate.handle(settings, new EdgeRequest("support-bot", "/v1/nothing-here", Map.of(), new byte[0]));
            assertThat(unknown).isInstanceOf(EdgeOutcome.Reject.class);
            EdgeOutcome stranger = gate.handle(settings, new EdgeRequest(null, "/v1/chat/completions",
                    Map.of("content-type", "application/json"), chat("hi").body()));
            assertThat(stranger).isInstanceOf(EdgeOutcome.Reject.class);
            int strangerStatus = ((EdgeOutcome.Reject) stranger).status();

            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body())
                    .contains("modelgate_edge_decision_duration_seconds_count{endpoint=\"chat_completions\",outcome=\"forwarded\"} 1")
                    .contains("modelgate_edge_decision_duration_seconds_count{endpoint=\"other\",outcome=\"404\"} 1")
                    .contains("modelgate_edge_decision_duration_seconds_count{endpoint=\"chat_completions\",outcome=\"" + strangerStatus + "\"} 1")
                    .containsPattern("modelgate_edge_decision_duration_seconds_bucket\\{endpoint=\"chat_completions\",[^}]*le=\"\\+Inf\"[^}]*\\} 1");
        }
    }

    @Test
    void anAddressWithoutAPortIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> MetricsEndpoint.start(new EdgeMetrics(), "localhost"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MODELGATE_METRICS_ADDRESS");
    }
}
