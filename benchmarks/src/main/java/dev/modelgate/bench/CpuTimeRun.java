package dev.modelgate.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link LargePromptBenchmark}'s cases measured in thread CPU time and allocated bytes per operation, not wall
 * time: on a machine shared by many builds (load average 15-20 on 2 cores while this was written) the
 * benchmark thread is off-CPU most of the time and JMH's wall-clock percentiles measure the scheduler. CPU
 * time per operation is what the evaluator costs; it still varies with cache contention, so compare figures
 * taken in one session. Usage: {@code java -cp benchmarks.jar dev.modelgate.bench.CpuTimeRun [seconds per case]}.
 */
public final class CpuTimeRun {

    private CpuTimeRun() {
    }

    interface Op {
        Object run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        System.out.println("| case | KB | CPU µs/op (median of 5 batches) | min | alloc B/op |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (int kb : new int[] {2, 20, 200}) {
            LargePromptBenchmark b = new LargePromptBenchmark();
            b.kb = kb;
            b.setUp();
            List<Object[]> cases = List.of(new Object[] {"repeat", (Op) b::repeat}, new Object[] {"newTail", (Op) b::newTail},
                    new Object[] {"allNew", (Op) b::allNew}, new Object[] {"parseOnly", (Op) b::parseOnly});
            for (Object[] c : cases) {
                Op op = (Op) c[1];
                long budget = (long) (seconds * 1e9 / 6);
                run(op, threads, self, budget); // warm-up batch
                double[] perOp = new double[5];
                double alloc = 0;
                for (int i = 0; i < 5; i++) {
                    double[] r = run(op, threads, self, budget);
                    perOp[i] = r[0];
                    alloc = r[1];
                }
                Arrays.sort(perOp);
                System.out.printf("| %s | %d | %.1f | %.1f | %,.0f |%n", c[0], kb, perOp[2], perOp[0], alloc);
            }
        }
    }

    /** Runs {@code op} until the thread has used {@code cpuNanos}; returns CPU µs and allocated bytes per op. */
    private static double[] run(Op op, com.sun.management.ThreadMXBean threads, long self, long cpuNanos) throws Exception {
        List<Object> sink = new ArrayList<>(1);
        long cpu0 = threads.getCurrentThreadCpuTime();
        long alloc0 = threads.getThreadAllocatedBytes(self);
        long n = 0;
        long cpu;
        do {
            for (int i = 0; i < 16; i++) {
                sink.clear();
                sink.add(op.run());
            }
            n += 16;
            cpu = threads.getCurrentThreadCpuTime() - cpu0;
        } while (cpu < cpuNanos);
        long alloc = threads.getThreadAllocatedBytes(self) - alloc0;
        return new double[] {cpu / 1e3 / n, (double) alloc / n};
    }
}
