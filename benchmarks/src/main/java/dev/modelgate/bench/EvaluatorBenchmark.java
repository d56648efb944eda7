package dev.modelgate.bench;

import dev.modelgate.policy.eval.Caller;
import dev.modelgate.policy.eval.CompiledPolicy;
import dev.modelgate.policy.eval.Decision;
import dev.modelgate.policy.eval.PolicyEvaluator;
import dev.modelgate.policy.eval.PolicyEvaluators;
import dev.modelgate.policy.load.EnvInterpolator;
import dev.modelgate.policy.load.PolicyLoader;
import dev.modelgate.policy.request.Endpoint;
import dev.modelgate.policy.request.ParsedRequest;
import dev.modelgate.policy.request.RequestLimits;
import dev.modelgate.policy.request.RequestParser;
import dev.modelgate.policy.routing.LiveStats;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Full policy evaluation as a gateway node does it per request: parse the body once, evaluate against
 * the enterprise sample policy (13 guardrails, 4 CEL rules, limits, budgets, routing over 7 providers),
 * then release the admission. Run from the repository root (the policy path is relative to it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class EvaluatorBenchmark {

    /** 2 or 32 KB of English; "2-redact" adds a card number and an internal hostname that the policy redacts. */
    @Param({"2", "32", "2-redact"})
    public String request;

    private CompiledPolicy policy;
    private PolicyEvaluator evaluator;
    private RequestParser parser;
    private byte[] body;
    private ParsedRequest parsed;
    private final Caller caller = Caller.consumer("search-app");
    private static final int COUNTER_DIGITS = 10;
    private int counterAt;
    private byte[] fresh;
    private long sequence;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path policyDir = Path.of(System.getProperty("modelgate.policy", "sample-configs/policies/enterprise"));
        policy = CompiledPolicy.of(new PolicyLoader(new EnvInterpolator(name -> null)).loadFiles(List.of(policyDir)));
        // 50 ms per clock read: about 600 requests a minute per window, well inside team search's limits.
        evaluator = PolicyEvaluators.inProcess(new LiveStats(), new SteppingClock(Instant.parse("2026-03-02T08:00:00Z"), 50_000_000L));
        parser = new RequestParser(RequestLimits.defaults());
        String counter = " Ticket " + "0".repeat(COUNTER_DIGITS) + ".";
        body = switch (request) {
            case "2" -> Requests.chat(2, counter);
            case "32" -> Requests.chat(32, counter);
            default -> Requests.chat(2, counter + " Refund card 4111 1111 1111 1111 via build-01.corp.contoso.com please.");
        };
        counterAt = new String(body, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf(" Ticket ") + 8;
        fresh = body.clone();
        parsed = parser.parse(Endpoint.CHAT_COMPLETIONS, "application/json", body);
        Decision first = evaluator.evaluate(policy, caller, parsed);
        if (!(first instanceof Decision.Admitted admitted)) {
            throw new IllegalStateException("benchmark request is refused: " + first);
        }
        if (request.endsWith("redact") != admitted.redacted()) {
            throw new IllegalStateException("redaction expectation not met for " + request);
        }
        admitted.admission().release();
    }

    /** What a host pays per request: one parse, one evaluation, the admission ended. */
    @Benchmark
    public Object parseAndEvaluate() throws Exception {
        return end(evaluator.evaluate(policy, caller, parser.parse(Endpoint.CHAT_COMPLETIONS, "application/json", body)));
    }

    /**
     * The same, but the last user message is new on every call (a ticket number changes), as in a live
     * conversation: earlier turns repeat, the newest one has never been counted. This is the honest
     * per-request cost; {@link #parseAndEvaluate} shows a request whose every text was seen before.
     */
    @Benchmark
    public Object parseAndEvaluateNewMessage() throws Exception {
        long n = ++sequence;
        for (int i = COUNTER_DIGITS - 1; i >= 0; i--, n /= 10) {
            fresh[counterAt + i] = (byte) ('0' + n % 10);
        }
        return end(evaluator.evaluate(policy, caller, parser.parse(Endpoint.CHAT_COMPLETIONS, "application/json", fresh)));
    }

    @Benchmark
    public Object parseOnly() throws Exception {
        return parser.parse(Endpoint.CHAT_COMPLETIONS, "application/json", body);
    }

    @Benchmark
    public Object evaluateOnly() {
        return end(evaluator.evaluate(policy, caller, parsed));
    }

    private static Decision end(Decision decision) {
        if (decision instanceof Decision.Admitted admitted) {
            admitted.admission().release();
            return decision;
        }
        throw new IllegalStateException("refused during the benchmark: " + decision);
    }
}
