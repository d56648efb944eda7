package dev.modelgate.relay.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Usage reports read from the ledger on the real relay: events of known size are ingested at known times
 * (in March 2026, away from the other tests' traffic), then grouped, filtered, written as CSV, summed into a
 * chargeback statement and ranked against the previous period.
 */
@Timeout(60)
class ReportsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String RELAY = "http://127.0.0.1:" + RelayIT.PORT;
    private static final String RUN = UUID.randomUUID().toString();

    private static String event(int n, String alias, String model, String at, long in, long out, int status) {
        return "{\"request_id\":\"" + RUN + "-" + n + "\",\"team\":\"demo\",\"key\":\"demo\",\"alias\":\"" + alias
                + "\",\"provider\":\"sim\",\"model\":\"" + model + "\",\"input_tokens\":" + in + ",\"output_tokens\":" + out
                + ",\"status\":" + status + ",\"occurred_at\":\"" + at + "\"}";
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(RELAY + path)).header("Authorization", RelayIT.FINANCE).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @BeforeAll
    static void ingest() throws Exception {
        Instant now = Instant.now();
        String body = "{\"events\":[" + String.join(",", List.of(
                // solo: 1 USD/M in, 2 USD/M out; chat's sim-primary the same; chat's sim-backup 3 in, 4 out
                event(1, "solo", "sim-solo", "2026-03-01T10:15:00Z", 1000, 500, 200),       // 2,000 micro-USD
                event(2, "solo", "sim-solo", "2026-03-01T11:30:00Z", 2000, 0, 200),         // 2,000
                event(3, "chat", "sim-primary", "2026-03-01T23:59:59Z", 100, 100, 200),     // 300
                event(4, "chat", "sim-primary", "2026-03-02T00:00:00Z", 400, 300, 200),     // 1,000
                event(5, "chat", "sim-primary", "2026-03-02T08:00:00Z", 999, 999, 503),     // failed: 0
                event(6, "chat", "sim-backup", now.minus(Duration.ofMinutes(5)).toString(), 10_000, 5_000, 200),
                event(7, "chat", "sim-backup", now.minus(Duration.ofMinutes(4)).toString(), 10_000, 5_000, 200),
                event(8, "chat", "sim-backup", now.minus(Duration.ofMinutes(3)).toString(), 10_000, 5_000, 200),
                event(9, "chat", "sim-backup", now.minus(Duration.ofHours(36)).toString(), 5_000, 2_500, 200))) + "]}";
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create(RELAY + "/admin/usage/events"))
                .header("Authorization", RelayIT.INGEST).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(posted.body()).path("accepted").asInt()).as(posted.body()).isEqualTo(9);
    }

    @Test
    void usageGroupedByDayAndModelWithinARange() throws Exception {
        JsonNode report = JSON.readTree(get("/admin/usage?from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z&group_by=day,model").body());
        JsonNode rows = report.path("rows");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).path("day").asText()).isEqualTo("2026-03-01T00:00:00Z");
        assertThat(rows.get(0).path("model").asText()).isEqualTo("sim-primary");
        assertThat(rows.get(0).path("cost_micros").asLong()).isEqualTo(300);
        assertThat(rows.get(1).path("model").asText()).isEqualTo("sim-solo");
        assertThat(rows.get(1).path("requests").asLong()).isEqualTo(2);
        assertThat(rows.get(1).path("input_tokens").asLong()).isEqualTo(3000);
        assertThat(rows.get(1).path("cost_usd").asText()).isEqualTo("0.004000");
        assertThat(rows.get(2).path("day").asText()).isEqualTo("2026-03-02T00:00:00Z");
        assertThat(rows.get(2).path("requests").asLong()).as("the 503 is an attempt, not a served request").isEqualTo(1);
        assertThat(rows.get(2).path("attempts").asLong()).isEqualTo(2);
        assertThat(rows.get(2).path("cost_micros").asLong()).isEqualTo(1000);
        assertThat(report.path("totals").path("cost_micros").asLong()).isEqualTo(5300);

        JsonNode filtered = JSON.readTree(get("/admin/usage?from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z&group_by=hour&model=sim-solo").body());
        assertThat(filtered.path("rows").findValuesAsText("hour")).containsExactly("2026-03-01T10:00:00Z", "2026-03-01T11:00:00Z");

        assertThat(get("/admin/usage?group_by=colour").statusCode()).isEqualTo(400);
        assertThat(get("/admin/usage?from=yesterday").statusCode()).isEqualTo(400);
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(RELAY + "/admin/usage")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(401);
    }

    @Test
    void csvHasAHeaderAndOneLinePerGroup() throws Exception {
        HttpResponse<String> csv = get("/admin/usage?from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z&group_by=team,alias&format=csv");
        assertThat(csv.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        assertThat(csv.headers().firstValue("content-disposition")).hasValueSatisfying(v -> assertThat(v).contains("usage.csv"));
        assertThat(csv.body().split("\r\n")).containsExactly(
                "team,alias,requests,attempts,input_tokens,cached_tokens,output_tokens,cost_micros,cost_usd,cache_savings_usd",
                "demo,chat,2,3,1499,0,1399,1300,0.001300,0.000000",
                "demo,solo,2,2,3000,0,500,4000,0.004000,0.000000");
    }

    /**
     * A cached conversation on Claude (3 USD/Mtok input, 0.30 cache reads, 15 output; writes at Anthropic's 3.75 for
     * 5 minutes and 6 for an hour), worked out by hand in micro-USD:
     * <pre>
     * turn  input  read   write 5m  write 1h  output  cost                                   saved
     * 1     10000  0      8000      0         100     2000x3 + 8000x3.75 + 100x15 = 37,500   -8000x0.75 = -6,000
     * 2     10000  8000   0         0         100     2000x3 + 8000x0.3 + 100x15  =  9,900   8000x2.7   = 21,600
     * 3      2000  0      0         1000      0       1000x3 + 1000x6             =  9,000   -1000x3    = -3,000
     * </pre>
     * Uncached, the same 22,000 input and 200 output tokens cost 69,000; cached 56,400: 12,600 saved.
     */
    @Test
    void aStatementShowsWhatPromptCachingSaved() throws Exception {
        String body = "{\"events\":[" + String.join(",", List.of(
                cached(1, "2026-04-02T10:00:00Z", 10_000, 0, 8_000, 0, 100),
                cached(2, "2026-04-02T10:01:00Z", 10_000, 8_000, 0, 0, 100),
                cached(3, "2026-04-03T09:00:00Z", 2_000, 0, 0, 1_000, 0))) + "]}";
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create(RELAY + "/admin/usage/events"))
                .header("Authorization", RelayIT.INGEST).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(posted.body()).path("accepted").asInt()).as(posted.body()).isEqualTo(3);

        JsonNode statement = JSON.readTree(get("/admin/usage/statement?team=demo&month=2026-04").body());
        JsonNode line = statement.path("lines").get(0);
        assertThat(line.path("model").asText()).isEqualTo("sim-claude");
        assertThat(line.path("cost_micros").asLong()).isEqualTo(37_500 + 9_900 + 9_000);
        assertThat(line.path("cache_savings_micros").asLong()).isEqualTo(-6_000 + 21_600 - 3_000);
        assertThat(statement.path("total").path("cache_savings_usd").asText()).isEqualTo("0.012600");

        JsonNode byDay = JSON.readTree(get("/admin/usage?from=2026-04-01T00:00:00Z&to=2026-05-01T00:00:00Z&group_by=day&model=sim-claude").body());
        assertThat(byDay.path("rows").findValuesAsText("cache_savings_micros")).containsExactly("15600", "-3000");
        assertThat(get("/admin/usage/statement?team=demo&month=2026-04&format=csv").body())
                .contains(",56400,0.056400,0.012600");
    }

    private static String cached(int n, String at, long in, long read, long write5m, long write1h, long out) {
        return "{\"request_id\":\"" + RUN + "-cached-" + n + "\",\"team\":\"demo\",\"key\":\"demo\",\"alias\":\"claude\","
                + "\"provider\":\"simanthropic\",\"model\":\"sim-claude\",\"input_tokens\":" + in + ",\"cached_tokens\":" + read
                + ",\"cache_write_5m_tokens\":" + write5m + ",\"cache_write_1h_tokens\":" + write1h + ",\"output_tokens\":" + out
                + ",\"status\":200,\"occurred_at\":\"" + at + "\"}";
    }

    @Test
    void aTeamsMonthlyStatementSumsItsLines() throws Exception {
        JsonNode statement = JSON.readTree(get("/admin/usage/statement?team=demo&month=2026-03").body());
        assertThat(statement.path("from").asText()).isEqualTo("2026-03-01T00:00:00Z");
        assertThat(statement.path("to").asText()).isEqualTo("2026-04-01T00:00:00Z");
        assertThat(statement.path("lines").findValuesAsText("model")).containsExactly("sim-primary", "sim-solo");
        assertThat(statement.path("total").path("cost_usd").asText()).isEqualTo("0.005300");
        assertThat(get("/admin/usage/statement?month=2026-03").statusCode()).isEqualTo(400);
        assertThat(get("/admin/usage/statement?team=demo&month=March").statusCode()).isEqualTo(400);
        assertThat(get("/admin/usage/statement?team=demo&month=2026-03&format=csv").body()).startsWith("alias,provider,model,requests");
    }

    @Test
    void rankingsShowTheTopModelAndItsTrend() throws Exception {
        JsonNode rankings = JSON.readTree(get("/admin/usage/rankings?by=model&period=day&top=3").body());
        JsonNode top = rankings.path("by_tokens").get(0);
        assertThat(top.path("name").asText()).isEqualTo("sim-backup");
        assertThat(top.path("value").asLong()).isGreaterThanOrEqualTo(45_000);
        assertThat(top.path("previous_value").asLong()).isEqualTo(7_500);
        assertThat(top.path("trend").asText()).isEqualTo(BigDecimal.valueOf(top.path("value").asLong() - 7_500).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(7_500), 1, RoundingMode.HALF_UP).toPlainString() + "%");
        assertThat(rankings.path("by_spend").get(0).path("name").asText()).isEqualTo("sim-backup");
        assertThat(rankings.path("by_tokens").size()).isLessThanOrEqualTo(3);
        assertThat(get("/admin/usage/rankings?by=team").statusCode()).isEqualTo(400);
    }
}
