package dev.modelgate.bench;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Before/after in one process: loads {@link LargePromptBenchmark} from two benchmark jars (each in its own class
 * loader, so each has its own copy of the whole evaluator) and runs their cases in alternating batches, measured
 * in thread CPU time and allocated bytes. On a shared, overloaded machine two separate runs differ by several
 * times even for unchanged code; alternating batches in one JVM sees the same conditions, so the ratio holds.
 * Usage: {@code java -cp benchmarks.jar dev.modelgate.bench.AbCpuRun before.jar after.jar [cpu-ms per batch] [KB,KB,...]}.
 */
public final class AbCpuRun {

    private AbCpuRun() {
    }

    public static void main(String[] args) throws Exception {
        Path before = Path.of(args[0]);
        Path after = Path.of(args[1]);
        long batchNanos = (args.length > 2 ? Long.parseLong(args[2]) : 300) * 1_000_000L;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        System.out.println("| case | KB | before CPU µs/op | after CPU µs/op | before/after | before alloc B/op | after alloc B/op |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        int[] sizes = args.length > 3 ? Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray() : new int[] {2, 20, 200};
        for (int kb : sizes) {
            Object[] states = {state(before, kb), state(after, kb)};
            for (String name : new String[] {"repeat", "newTail", "allNew", "parseOnly"}) {
                Method[] ops = {states[0].getClass().getMethod(name), states[1].getClass().getMethod(name)};
                double[][] cpu = new double[2][7];
                double[] alloc = new double[2];
                for (int round = -1; round < 7; round++) { // round -1 warms both up
                    for (int turn = 0; turn < 2; turn++) {
                        int side = (round & 1) == 0 ? turn : 1 - turn; // alternate who goes first
                        long cpu0 = threads.getCurrentThreadCpuTime();
                        long alloc0 = threads.getThreadAllocatedBytes(self);
                        long n = 0;
                        long used;
                        do {
                            ops[side].invoke(states[side]);
                            n++;
                            used = threads.getCurrentThreadCpuTime() - cpu0;
                        } while (used < (round < 0 ? 10 * batchNanos : batchNanos)); // a long first batch for the JIT
                        if (round >= 0) {
                            cpu[side][round] = used / 1e3 / n;
                            alloc[side] = (double) (threads.getThreadAllocatedBytes(self) - alloc0) / n;
                        }
                    }
                }
                Arrays.sort(cpu[0]);
                Arrays.sort(cpu[1]);
                System.out.printf("| %s | %d | %.1f | %.1f | %.1f× | %,.0f | %,.0f |%n", name, kb, cpu[0][3], cpu[1][3],
                        cpu[0][3] / cpu[1][3], alloc[0], alloc[1]);
            }
        }
    }

    private static Object state(Path jar, int kb) throws Exception {
        ClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        Class<?> type = Class.forName("dev.modelgate.bench.LargePromptBenchmark", true, loader);
        Object state = type.getConstructor().newInstance();
        type.getField("kb").setInt(state, kb);
        type.getMethod("setUp").invoke(state);
        return state;
    }
}
