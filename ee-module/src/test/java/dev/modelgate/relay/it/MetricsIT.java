package dev.modelgate.relay.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The relay's Prometheus figures after real traffic: requests, tokens, cost, rejections and guardrail hits, labelled by team. */
class MetricsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String RELAY = "http://127.0.0.1:" + RelayIT.PORT;

    @BeforeAll
    static void provider() throws Exception {
        SharedSimulator.get();
    }

    private static HttpResponse<String> chat(String content) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(RELAY + "/v1/chat/completions")).header("Authorization", "Bearer " + RelayIT.KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"solo\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> stream(String content) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(RELAY + "/v1/chat/completions")).header("Authorization", "Bearer " + RelayIT.KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"solo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String scrape() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(RELAY + "/metrics?scope=application")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("Prometheus scrapes without credentials").isEqualTo(200);
        return r.body();
    }

    /**
     * The value of the first sample of {@code name} whose labels include every one given. A before/after pair must
     * name one label set in full (team, alias, provider): other ITs leave other sets of the same alias behind, in
     * an order the registry chooses.
     */
    private static double sample(String text, String name, String... labels) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") && Arrays.stream(labels).allMatch(line::contains)) {
                Matcher m = Pattern.compile("} ([0-9.eE+-]+)").matcher(line);
                if (m.find()) {
                    return Double.parseDouble(m.group(1));
                }
            }
        }
        return -1;
    }

    @Test
    void trafficShowsUpLabelledByTeamAliasAndProvider() throws Exception {
        double servedBefore = Math.max(0, sample(scrape(), "modelgate_requests_total", "team=\"demo\"", "alias=\"solo\"", "provider=\"sim\"", "outcome=\"ok\""));
        for (int i = 0; i < 3; i++) {
            assertThat(chat("count me " + i).statusCode()).isEqualTo(200);
        }
        assertThat(chat("here is AKIA4N7QZRWX3KDP6TLB").statusCode()).isEqualTo(403);
        double redactedBefore = Math.max(0, sample(scrape(), "modelgate_guardrail_hits_total", "team=\"demo\"",
                "guardrail=\"cards-redacted\"", "action=\"redact\""));
        assertThat(chat("charge 4111 1111 1111 1111 please").statusCode()).as("redacted, then served").isEqualTo(200);

        String text = scrape();
        assertThat(sample(text, "modelgate_requests_total", "team=\"demo\"", "alias=\"solo\"", "provider=\"sim\"", "outcome=\"ok\""))
                .isGreaterThanOrEqualTo(servedBefore + 3);
        assertThat(sample(text, "gen_ai_client_token_usage_sum", "gen_ai_token_type=\"input\"", "team=\"demo\"")).isPositive();
        assertThat(sample(text, "gen_ai_client_token_usage_sum", "gen_ai_token_type=\"output\"", "team=\"demo\"")).isPositive();
        assertThat(sample(text, "gen_ai_client_token_usage_count", "gen_ai_token_type=\"input\"", "team=\"demo\"", "alias=\"solo\"", "provider=\"sim\""))
                .as("a histogram: one observation per served request").isGreaterThanOrEqualTo(servedBefore + 3);
        // This test's own traffic: a label set of the alias without a provider (a request that failed everywhere) has cost 0.
        assertThat(sample(text, "modelgate_cost_micros_total", "alias=\"solo\"", "provider=\"sim\"", "team=\"demo\"")).isPositive();
        assertThat(sample(text, "modelgate_rejections_total", "code=\"guardrail_denied\"", "team=\"demo\"")).isGreaterThanOrEqualTo(1);
        assertThat(sample(text, "modelgate_guardrail_hits_total", "guardrail=\"no-secrets\"", "action=\"deny\"")).isGreaterThanOrEqualTo(1);
        assertThat(sample(text, "modelgate_guardrail_hits_total", "team=\"demo\"", "guardrail=\"cards-redacted\"", "action=\"redact\""))
                .as("a guardrail that redacts is counted under its own action").isEqualTo(redactedBefore + 1);
        assertThat(text).as("operation duration histogram").contains("gen_ai_client_operation_duration_seconds");
        assertThat(text).doesNotContain(RelayIT.KEY).doesNotContain("AKIA4N7QZRWX3KDP6TLB");
    }

    @Test
    void streamsRecordTheirTimeToFirstToken() throws Exception {
        double before = Math.max(0, sample(scrape(), "gen_ai_server_time_to_first_token_seconds_count", "team=\"demo\"", "alias=\"solo\"", "provider=\"sim\""));
        HttpResponse<String> streamed = stream("stream me");
        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(streamed.body()).contains("data: [DONE]");
        String text = scrape();
        assertThat(sample(text, "gen_ai_server_time_to_first_token_seconds_count", "team=\"demo\"", "alias=\"solo\"", "provider=\"sim\""))
                .isEqualTo(before + 1);
        assertThat(sample(text, "gen_ai_server_time_to_first_token_seconds_sum", "team=\"demo\"", "alias=\"solo\"", "provider=\"sim\"")).isPositive();
    }

    /** The sample Grafana dashboard is valid JSON and every metric its queries read is one the relay exports. */
    @Test
    void theGrafanaDashboardReadsMetricsTheRelayExports() throws Exception {
        assertThat(chat("fill the metrics").statusCode()).isEqualTo(200);
        assertThat(stream("and the stream ones").statusCode()).isEqualTo(200);
        assertThat(chat("and a refusal AKIA4N7QZRWX3KDP6TLB").statusCode()).isEqualTo(403);
        String text = scrape();
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("../sample-configs/grafana/modelgate-relay.json").toFile());
        Set<String> used = new TreeSet<>();
        // A metric is read with a selector ({team=~"$team"}); label names (gen_ai_token_type in "by (...)") have none.
        Pattern metric = Pattern.compile("\\b(?:gen_ai|modelgate)_[a-z_]+(?=\\{)");
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher m = metric.matcher(target.path("expr").asText());
                while (m.find()) {
                    used.add(m.group());
                }
            }
        }
        assertThat(used).contains("gen_ai_client_token_usage_sum", "gen_ai_client_operation_duration_seconds_sum",
                "gen_ai_server_time_to_first_token_seconds_sum", "modelgate_requests_total", "modelgate_cost_micros_total");
        assertThat(used).allSatisfy(name -> assertThat(text).as("exported: " + name).containsPattern("(?m)^" + name + "\\{"));
    }
}
