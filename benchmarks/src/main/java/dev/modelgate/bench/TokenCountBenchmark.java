package dev.modelgate.bench;

import dev.modelgate.policy.tokens.TokenEstimator;
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

import java.util.concurrent.TimeUnit;

/**
 * Counting one new text (no memo): jtokkit's exact BPE against the greedy estimate, side by side in one run so
 * the ratio holds on a noisy machine. Text: tool output of every kind in turn (code, logs, JSON, prose).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenCountBenchmark {

    @Param({"2", "20", "200"})
    public int kb;

    /** gpt-4o: o200k_base; gpt-4: cl100k_base. */
    @Param({"gpt-4o", "gpt-4"})
    public String model;

    private TokenEstimator estimator;
    private String text;

    @Setup(Level.Trial)
    public void setUp() {
        estimator = new TokenEstimator(0);
        text = AgentRequests.mixedText(kb, kb * 1024);
    }

    @Benchmark
    public int exact() {
        return estimator.countText(text, model);
    }

    @Benchmark
    public long estimate() {
        return estimator.estimateText(text, model).upper();
    }
}
