package dev.modelgate.relay.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.relay.it.OtlpReceiver.ReceivedSpan;
import dev.modelgate.simulator.Fault;
import dev.modelgate.simulator.RecordedRequest;
import dev.modelgate.simulator.SimulatedProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay's traces, exported by Liberty's OpenTelemetry to a real OTLP receiver: a caller's traceparent is the
 * request span's parent, each provider attempt is a child span with the GenAI attributes, and the provider gets
 * the attempt's traceparent. The test server records only callers' sampled traces (see the it-server profile).
 */
class TracingIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private static OtlpReceiver receiver;
    private static SimulatedProvider sim;

    @BeforeAll
    static void start() throws Exception {
        receiver = OtlpReceiver.start(Integer.getInteger("modelgate.it.otlp.port", 18184));
        sim = SharedSimulator.get();
    }

    @AfterAll
    static void stop() {
        sim.faults().clear();
        receiver.close();
    }

    /** The traces this class's requests started: the only ones the receiver may see. */
    private static final java.util.Set<String> STARTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static String trace() {
        String id = hex(16);
        STARTED.add(id);
        return id;
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static HttpResponse<String> chat(String model, String traceparent) throws Exception {
        return chat(model, traceparent, false);
    }

    private static HttpResponse<String> chat(String model, String traceparent, boolean stream) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(RelayIT.BASE + "/chat/completions"))
                .header("Authorization", "Bearer " + RelayIT.KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"trace me\"}]}"));
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The spans of one trace, once {@code count} of them have arrived (the SDK exports in batches). */
    private static List<ReceivedSpan> awaitTrace(String traceId, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        List<ReceivedSpan> spans = List.of();
        while (System.nanoTime() < deadline) {
            spans = receiver.spans().stream().filter(s -> s.traceId().equals(traceId)).toList();
            if (spans.size() >= count) {
                return spans;
            }
            Thread.sleep(100);
        }
        return spans;
    }

    @Test
    void aFailoverIsOneRequestSpanUnderTheCallersWithOneChildPerAttemptAndTheProviderContinuesTheTrace() throws Exception {
        // Not traced by its caller: recorded by nobody (the other ITs' requests stay this cheap).
        assertThat(chat("solo", null).statusCode()).isEqualTo(200);

        sim.faults().forModel("sim-otel-a", 2, Fault.status(503)); // tried twice (max_retries 1), then the next deployment
        String traceId = trace();
        String callerSpan = hex(8);
        HttpResponse<String> answer = chat("otel", "00-" + traceId + "-" + callerSpan + "-01");
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode usage = JSON.readTree(answer.body()).path("usage");

        List<ReceivedSpan> spans = awaitTrace(traceId, 4);
        ReceivedSpan request = spans.stream().filter(s -> s.parentSpanId().equals(callerSpan)).findFirst().orElseThrow(
                () -> new AssertionError("no span whose parent is the caller's, among " + spans));
        assertThat(request.kind()).isEqualTo("SPAN_KIND_SERVER");
        assertThat(request.attribute("gen_ai.operation.name")).isEqualTo("chat");
        assertThat(request.attribute("gen_ai.request.model")).isEqualTo("otel");
        assertThat(request.attribute("gen_ai.response.model")).isEqualTo("sim-otel-b");
        assertThat(request.attribute("gen_ai.provider.name")).isEqualTo("sim");
        assertThat(request.attribute("modelgate.team")).isEqualTo("demo");
        assertThat(request.attribute("gen_ai.usage.input_tokens")).isEqualTo(usage.path("prompt_tokens").asText());
        assertThat(request.attribute("gen_ai.usage.output_tokens")).isEqualTo(usage.path("completion_tokens").asText());
        assertThat(new java.math.BigDecimal(request.attribute("modelgate.cost_usd")))
                .isPositive().isEqualByComparingTo(usage.path("cost").decimalValue());
        assertThat(request.attribute("error.type")).isNull();

        List<ReceivedSpan> attempts = spans.stream().filter(s -> s.parentSpanId().equals(request.spanId())).toList();
        assertThat(attempts).extracting(s -> s.attribute("gen_ai.request.model"))
                .containsExactlyInAnyOrder("sim-otel-a", "sim-otel-a", "sim-otel-b");
        assertThat(attempts).allSatisfy(a -> {
            assertThat(a.kind()).isEqualTo("SPAN_KIND_CLIENT");
            assertThat(a.attribute("gen_ai.operation.name")).isEqualTo("chat");
            assertThat(a.attribute("gen_ai.provider.name")).isEqualTo("sim");
        });
        assertThat(attempts).filteredOn(a -> a.attribute("gen_ai.request.model").equals("sim-otel-a"))
                .allSatisfy(a -> assertThat(a.attribute("error.type")).isEqualTo("503"));
        ReceivedSpan serving = attempts.stream().filter(a -> a.attribute("gen_ai.request.model").equals("sim-otel-b")).findFirst().orElseThrow();
        assertThat(serving.attribute("error.type")).isNull();
        assertThat(serving.attribute("gen_ai.usage.output_tokens")).isEqualTo(usage.path("completion_tokens").asText());

        // Each call upstream carried its own attempt's span as the parent, in the caller's trace.
        List<RecordedRequest> upstream = sim.requests().stream().filter(r -> r.body().contains("sim-otel-")).toList();
        assertThat(upstream).hasSize(3).allSatisfy(r -> assertThat(r.headers().get("traceparent")).startsWith("00-" + traceId + "-"));
        assertThat(upstream.stream().map(r -> r.headers().get("traceparent").substring(36, 52)).toList())
                .containsExactlyInAnyOrderElementsOf(attempts.stream().map(ReceivedSpan::spanId).toList());

        assertThat(receiver.spans()).as("a request without a sampled traceparent is not recorded")
                .allSatisfy(s -> assertThat(STARTED).contains(s.traceId()));
    }

    /** A stream's request span ends after its last chunk, with the usage the stream reported. */
    @Test
    void aStreamsSpansCarryItsUsage() throws Exception {
        String traceId = trace();
        String callerSpan = hex(8);
        HttpResponse<String> streamed = chat("solo", "00-" + traceId + "-" + callerSpan + "-01", true);
        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(streamed.body()).contains("data: [DONE]");

        List<ReceivedSpan> spans = awaitTrace(traceId, 2);
        ReceivedSpan request = spans.stream().filter(s -> s.parentSpanId().equals(callerSpan)).findFirst().orElseThrow(
                () -> new AssertionError("no span whose parent is the caller's, among " + spans));
        assertThat(request.attribute("gen_ai.response.model")).isEqualTo("sim-solo");
        assertThat(Long.parseLong(request.attribute("gen_ai.usage.output_tokens"))).isPositive();
        assertThat(spans).filteredOn(s -> s.parentSpanId().equals(request.spanId())).singleElement()
                .satisfies(a -> assertThat(a.attribute("gen_ai.usage.output_tokens")).isEqualTo(request.attribute("gen_ai.usage.output_tokens")));
    }
}
