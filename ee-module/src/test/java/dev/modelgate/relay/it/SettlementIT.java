package dev.modelgate.relay.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The usage ledger on the real relay and its database (embedded H2 by default, PostgreSQL under the services
 * profile): every served request is billed exactly what its answer said, to the micro-USD; the double entry
 * reconciles; ingested events are priced from the policy, refused item by item, and never billed twice, and
 * their cost counts toward the budgets at once.
 */
@Timeout(120)
class SettlementIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String RELAY = "http://127.0.0.1:" + RelayIT.PORT;

    @org.junit.jupiter.api.BeforeAll
    static void provider() throws Exception {
        SharedSimulator.get();
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(RELAY + path))
                .header("Authorization", RelayIT.ADMIN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(RELAY + path))
                .header("Authorization", path.startsWith("/admin") ? RelayIT.ADMIN : "Bearer " + RelayIT.KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode budget(String scope) throws Exception {
        return get("/admin/budgets").path("budgets").findParents("scope").stream()
                .filter(b -> b.path("scope").asText().equals(scope)).findFirst().orElseThrow();
    }

    /** One usage event of team and key "ingested" on solo: 1,000 input and 500 output tokens, 2,000 micro-USD. */
    private static String ingestedEvent(String requestId, Instant occurredAt) {
        return ingestedEvent(requestId, occurredAt, 1000, 500);
    }

    private static String ingestedEvent(String requestId, Instant occurredAt, long input, long output) {
        return "{\"request_id\":\"" + requestId + "\",\"attempt\":1,\"team\":\"ingested\",\"key\":\"ingested\",\"alias\":\"solo\","
                + "\"provider\":\"sim\",\"model\":\"sim-solo\",\"input_tokens\":" + input + ",\"output_tokens\":" + output
                + ",\"occurred_at\":\"" + occurredAt + "\"}";
    }

    private static JsonNode ingest(String... events) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(RELAY + "/admin/usage/events"))
                .header("Authorization", RelayIT.INGEST).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[" + String.join(",", events) + "]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(r.body());
        assertThat(answer.path("refused")).as(r.body()).isEmpty();
        return answer;
    }

    private static HttpResponse<String> chat(String secret, String content) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(RELAY + "/v1/chat/completions")).header("Authorization", "Bearer " + secret)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"solo\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The ledger once the relay's writer has nothing left to write (it flushes every 200 ms). */
    private static JsonNode settled() throws Exception {
        JsonNode last = get("/admin/ledger/reconcile");
        int same = 0;
        while (same < 3) {
            Thread.sleep(100);
            JsonNode now = get("/admin/ledger/reconcile");
            same = now.path("events").asLong() == last.path("events").asLong() ? same + 1 : 0;
            last = now;
        }
        return last;
    }

    private static JsonNode awaitEvents(long events) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            JsonNode r = get("/admin/ledger/reconcile");
            if (r.path("events").asLong() >= events || System.nanoTime() > deadline) {
                return r;
            }
            Thread.sleep(50);
        }
    }

    @Test
    void everyServedRequestIsBilledExactlyWhatItsAnswerSaid() throws Exception {
        JsonNode before = settled();
        BigDecimal charged = BigDecimal.ZERO;
        int requests = 24;
        for (int i = 0; i < requests; i++) {
            boolean stream = i % 3 == 0;
            String body = "{\"model\":\"solo\",\"max_tokens\":" + (5 + i) + (stream ? ",\"stream\":true,\"stream_options\":{\"include_usage\":true}" : "")
                    + ",\"messages\":[{\"role\":\"user\",\"content\":\"bill me exactly, turn " + i + " " + "x".repeat(i * 7) + "\"}]}";
            HttpResponse<String> answer = post("/v1/chat/completions", body);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode usage = null;
            if (stream) {
                for (String line : answer.body().split("\n")) {
                    if (line.startsWith("data: {") && line.contains("\"usage\":{")) {
                        usage = JSON.readTree(line.substring(6)).path("usage");
                    }
                }
            } else {
                usage = JSON.readTree(answer.body()).path("usage");
            }
            assertThat(usage).as("usage with cost in answer %d", i).isNotNull();
            charged = charged.add(usage.path("cost").decimalValue());
        }
        JsonNode after = awaitEvents(before.path("events").asLong() + requests);
        assertThat(after.path("events").asLong() - before.path("events").asLong()).isEqualTo(requests);
        long billed = after.path("priced_usage_micros").asLong() - before.path("priced_usage_micros").asLong();
        assertThat(billed).as("the ledger holds exactly what the answers said they cost")
                .isEqualTo(charged.movePointRight(6).longValueExact());
        assertThat(billed).isPositive();
        assertThat(after.path("balanced").asBoolean()).as(after.toString()).isTrue();
        assertThat(after.path("debits_micros").asLong()).isEqualTo(after.path("credits_micros").asLong())
                .isEqualTo(after.path("priced_usage_micros").asLong());
    }

    @Test
    void ingestedEventsArePricedFromThePolicyRefusedOneByOneAndNeverBilledTwice() throws Exception {
        JsonNode before = settled();
        String run = UUID.randomUUID().toString();
        StringBuilder events = new StringBuilder("{\"events\":[");
        for (int i = 0; i < 5; i++) {
            // solo on sim: 1 USD per million input tokens, 2 per million output: 1000 in + 500 out = 2000 micro-USD
            events.append("{\"request_id\":\"").append(run).append("-").append(i).append("\",\"attempt\":1,\"team\":\"demo\",")
                    .append("\"alias\":\"solo\",\"provider\":\"sim\",\"model\":\"sim-solo\",\"input_tokens\":1000,\"output_tokens\":500},");
        }
        events.append("{\"request_id\":\"").append(run).append("-x1\",\"team\":\"nobody\",\"provider\":\"sim\",\"model\":\"sim-solo\"},")
                .append("{\"request_id\":\"").append(run).append("-x2\",\"team\":\"demo\",\"provider\":\"sim\",\"model\":\"sim-solo\",\"output_tokens\":-3},")
                .append("{\"request_id\":\"").append(run).append("-x3\",\"team\":\"demo\",\"provider\":\"sim\",\"model\":\"sim-solo\",\"occurred_at\":\"")
                .append(Instant.now().plusSeconds(86_400)).append("\"},")
                .append("{\"request_id\":\"").append(run).append("-x4\",\"team\":\"demo\",\"alias\":\"no-such\",\"provider\":\"sim\",\"model\":\"sim-solo\"},")
                .append("{\"request_id\":\"").append(run).append("-x5\",\"team\":\"demo\",\"provider\":\"sim\",\"model\":\"gpt-99\"},")
                .append("{\"request_id\":\"").append(run).append("-x6\",\"team\":\"demo\",\"key\":\"").append("k".repeat(129))
                .append("\",\"alias\":\"solo\",\"provider\":\"sim\",\"model\":\"sim-solo\"},")
                .append("\"not an event\"]}");

        JsonNode first = JSON.readTree(post("/admin/usage/events", events.toString()).body());
        assertThat(first.path("accepted").asInt()).isEqualTo(5);
        assertThat(first.path("duplicates").asInt()).isZero();
        assertThat(first.path("refused").findValuesAsText("reason")).containsExactly("unknown team 'nobody'",
                "output_tokens must not be negative", "occurred_at is in the future", "unknown alias 'no-such'",
                "no deployment sim/gpt-99 in the policy to price it", "key is longer than 128 characters", "not a JSON object");
        assertThat(first.path("refused").findValues("index").stream().map(JsonNode::asInt)).containsExactly(5, 6, 7, 8, 9, 10, 11);

        JsonNode replay = JSON.readTree(post("/admin/usage/events", events.toString()).body());
        assertThat(replay.path("accepted").asInt()).as("a replayed batch is not billed again").isZero();
        assertThat(replay.path("duplicates").asInt()).isEqualTo(5);

        JsonNode after = settled();
        assertThat(after.path("priced_usage_micros").asLong() - before.path("priced_usage_micros").asLong()).isEqualTo(5 * 2000);
        assertThat(after.path("balanced").asBoolean()).as(after.toString()).isTrue();

        StringBuilder tooMany = new StringBuilder("{\"events\":[");
        for (int i = 0; i < 1001; i++) {
            tooMany.append(i == 0 ? "" : ",").append("{}");
        }
        HttpResponse<String> big = post("/admin/usage/events", tooMany.append("]}").toString());
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(big.body()).path("error").path("code").asText()).isEqualTo("batch_too_large");
        assertThat(post("/admin/usage/events", "{\"events\": 3}").statusCode()).isEqualTo(400);
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(RELAY + "/admin/usage/events"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[]}")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(401);
    }

    @Test
    void eventsArePricedAtThePriceInForceWhenTheyHappened() throws Exception {
        JsonNode before = settled();
        String run = UUID.randomUUID().toString();
        // sim-scheduled: 2 USD per million tokens from 2026-01-01, 1 USD from 2026-06-01.
        String body = "{\"events\":["
                + "{\"request_id\":\"" + run + "-old\",\"team\":\"demo\",\"provider\":\"sim\",\"model\":\"sim-scheduled\","
                + "\"input_tokens\":1000,\"output_tokens\":1000,\"occurred_at\":\"2026-03-15T12:00:00Z\"},"
                + "{\"request_id\":\"" + run + "-new\",\"team\":\"demo\",\"provider\":\"sim\",\"model\":\"sim-scheduled\","
                + "\"input_tokens\":1000,\"output_tokens\":1000,\"occurred_at\":\"2026-07-15T12:00:00Z\"}]}";
        assertThat(JSON.readTree(post("/admin/usage/events", body).body()).path("accepted").asInt()).isEqualTo(2);
        JsonNode after = settled();
        assertThat(after.path("priced_usage_micros").asLong() - before.path("priced_usage_micros").asLong())
                .as("4,000 micro-USD at March's price, 2,000 at July's").isEqualTo(6_000);
    }

    /**
     * it-policy.yaml: team "ingested" has 0.01 USD a month (hard), its key "ingested" 0.02 USD. Spend that reaches
     * the relay only through ingest is in the budget feed as soon as the post is answered, and the cap refuses the
     * next request, without a restart to reload it from the ledger.
     */
    @Test
    void ingestedSpendCountsTowardItsBudgetsAtOnceAndTheHardCapHolds() throws Exception {
        HttpResponse<String> issued = HTTP.send(HttpRequest.newBuilder(URI.create(RELAY + "/admin/keys")).header("Authorization", RelayIT.ADMIN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"key_id\":\"ingested\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        String secret = JSON.readTree(issued.body()).path("key").asText();

        // A request the relay serves itself is settled against the budgets by the relay. A copy of its usage event
        // posted at once reaches the ledger before the relay's own write (every 200 ms) and is new there: the case
        // where only the relay's memory of what it served keeps it from being counted again. A copy that loses the
        // race is a mere duplicate, so the request is repeated until one copy is new.
        long before = budget("team:ingested").path("spent_micros").asLong();
        long servedCost = 0;
        boolean copyWasNew = false;
        for (int i = 0; i < 5 && !copyWasNew; i++) {
            HttpResponse<String> served = chat(secret, "counted once");
            assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
            JsonNode usage = JSON.readTree(served.body()).path("usage");
            servedCost += usage.path("cost").decimalValue().movePointRight(6).longValueExact();
            JsonNode copy = ingest(ingestedEvent(served.headers().firstValue("x-request-id").orElseThrow(), Instant.now(),
                    usage.path("prompt_tokens").asLong(), usage.path("completion_tokens").asLong()));
            assertThat(copy.path("accepted").asInt() + copy.path("duplicates").asInt()).isEqualTo(1);
            copyWasNew = copy.path("accepted").asInt() == 1;
        }
        assertThat(copyWasNew).as("a copy reached the ledger before the relay's own write").isTrue();
        JsonNode team = budget("team:ingested");
        long spent = team.path("spent_micros").asLong();
        assertThat(spent).as("the relay's own requests, counted once").isEqualTo(before + servedCost).isGreaterThan(before);
        assertThat(team.path("reserved_micros").asLong()).isZero();
        assertThat(budget("key:ingested").path("spent_micros").asLong()).isEqualTo(spent);

        String run = UUID.randomUUID().toString();
        Instant now = Instant.now();
        assertThat(ingest(ingestedEvent(run + "-0", now), ingestedEvent(run + "-1", now)).path("accepted").asInt()).isEqualTo(2);
        assertThat(budget("team:ingested").path("spent_micros").asLong()).as("at once, no restart").isEqualTo(spent + 4_000);
        assertThat(budget("key:ingested").path("spent_micros").asLong()).as("the key's budget too").isEqualTo(spent + 4_000);

        JsonNode replay = ingest(ingestedEvent(run + "-0", now), ingestedEvent(run + "-1", now));
        assertThat(replay.path("duplicates").asInt()).isEqualTo(2);
        assertThat(budget("team:ingested").path("spent_micros").asLong()).as("a duplicate is not counted again").isEqualTo(spent + 4_000);

        Instant lastPeriod = Instant.ofEpochSecond(team.path("window_start").asLong()).minusSeconds(86_400);
        assertThat(ingest(ingestedEvent(run + "-old", lastPeriod)).path("accepted").asInt()).isEqualTo(1);
        assertThat(budget("team:ingested").path("spent_micros").asLong()).as("last month's usage is not this month's spend")
                .isEqualTo(spent + 4_000);

        assertThat(chat(secret, "still within the cap").statusCode()).isEqualTo(200);
        long beforeCap = budget("team:ingested").path("spent_micros").asLong();
        assertThat(ingest(ingestedEvent(run + "-2", now), ingestedEvent(run + "-3", now), ingestedEvent(run + "-4", now))
                .path("accepted").asInt()).isEqualTo(3);
        JsonNode capped = budget("team:ingested");
        assertThat(capped.path("spent_micros").asLong()).isEqualTo(beforeCap + 6_000).isGreaterThanOrEqualTo(capped.path("limit_micros").asLong());
        assertThat(capped.path("remaining_micros").asLong()).isZero();

        HttpResponse<String> refused = chat(secret, "one more");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(402);
        JsonNode error = JSON.readTree(refused.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("budget_exhausted");
        assertThat(error.path("message").asText()).contains("team:ingested");
        assertThat(settled().path("balanced").asBoolean()).isTrue();
    }
}
