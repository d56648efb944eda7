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
 * The evaluator at coding-agent scale: parse and evaluate chat requests of 2, 20 and 200 KB (system prompt,
 * tool definitions, turns of tool calls and tool results: code, JSON, logs) against the enterprise sample
 * policy, as a gateway node does per turn. Run from the repository root (the policy path is relative to it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LargePromptBenchmark {

    /** Request size in KB; the last message (the new tool result) is 1 KB in the 2 KB request, 8 KB otherwise. */
    @Param({"2", "20", "200"})
    public int kb;

    private CompiledPolicy policy;
    private PolicyEvaluator evaluator;
    private RequestParser parser;
    private byte[] body;
    private int[] counters;
    private byte[] fresh;
    private long sequence;
    private final Caller caller = Caller.consumer("search-app");

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path policyDir = Path.of(System.getProperty("modelgate.policy", "sample-configs/policies/enterprise"));
        policy = CompiledPolicy.of(new PolicyLoader(new EnvInterpolator(name -> null)).loadFiles(List.of(policyDir)));
        evaluator = PolicyEvaluators.inProcess(new LiveStats(), new SteppingClock(Instant.parse("2026-03-02T08:00:00Z"), 50_000_000L));
        parser = new RequestParser(RequestLimits.defaults());
        AgentRequests.Body agent = AgentRequests.agent(kb, kb <= 2 ? 1 : 8);
        body = agent.bytes();
        counters = agent.counters();
        fresh = body.clone();
        Decision first = evaluator.evaluate(policy, caller, parser.parse(Endpoint.CHAT_COMPLETIONS, "application/json", body));
        if (!(first instanceof Decision.Admitted admitted) || admitted.redacted()) {
            throw new IllegalStateException("benchmark request is refused or redacted: " + first);
        }
        admitted.admission().release();
        System.out.printf("%n%d KB request: %d bytes, %d messages%n", kb, body.length, counters.length);
    }

    /** Every text was seen before (a retry, or a host's second look): per-message caches answer. */
    @Benchmark
    public Object repeat() throws Exception {
        return end(evaluator.evaluate(policy, caller, parser.parse(Endpoint.CHAT_COMPLETIONS, "application/json", body)));
    }

    /** An agent's next turn: the conversation so far repeats, the last tool result is new. */
    @Benchmark
    public Object newTail() throws Exception {
        AgentRequests.stamp(fresh, counters[counters.length - 1], ++sequence);
        return end(evaluator.evaluate(policy, caller, parser.parse(Endpoint.CHAT_COMPLETIONS, "application/json", fresh)));
    }

    /** Nothing was seen before: every message is new (a conversation this node never saw). */
    @Benchmark
    public Object allNew() throws Exception {
        long n = ++sequence;
        for (int offset : counters) {
            AgentRequests.stamp(fresh, offset, n);
        }
        return end(evaluator.evaluate(policy, caller, parser.parse(Endpoint.CHAT_COMPLETIONS, "application/json", fresh)));
    }

    /** The parse alone, to split the figures above. */
    @Benchmark
    public ParsedRequest parseOnly() throws Exception {
        return parser.parse(Endpoint.CHAT_COMPLETIONS, "application/json", body);
    }

    private static Decision end(Decision decision) {
        if (decision instanceof Decision.Admitted admitted) {
            admitted.admission().release();
            return decision;
        }
        throw new IllegalStateException("refused during the benchmark: " + decision);
    }
}
