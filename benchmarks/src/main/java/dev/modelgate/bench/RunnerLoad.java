package dev.modelgate.bench;

import dev.modelgate.runner.apisix.harness.A6Answer;
import dev.modelgate.runner.apisix.harness.A6Request;
import dev.modelgate.runner.apisix.harness.ApisixHarness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator for the APISIX runner over its Unix socket: the protocol harness on many connections with
 * one reused conf token, as APISIX workers drive the runner. Prints requests/s and the latency of a whole
 * HTTPReqCall (including the runner's ExtraInfo round trips) at p50/p99.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.modelgate.bench.RunnerLoad SOCKET POLICY[,POLICY] CONNECTIONS SECONDS</pre>
 */
public final class RunnerLoad {

    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        String policy = String.join("\", \"", java.util.Arrays.stream(args[1].split(","))
                .map(f -> Path.of(f).toAbsolutePath().toString()).toList());
        int connections = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        long token = ApisixHarness.prepareConf(socket, Map.of("modelgate", "{\"policy_files\": [\"" + policy + "\"]}"));
        String body = twoKilobyteChat();

        run(socket, token, body, connections, 5, false);           // warm-up: JIT, policy load, caches
        long[] latencies = run(socket, token, body, connections, seconds, true);
        Arrays.sort(latencies);
        System.out.printf("connections=%d requests=%d req/s=%.0f p50=%.1fus p99=%.1fus p99.9=%.1fus%n", connections,
                latencies.length, latencies.length / (double) seconds, pct(latencies, 0.50), pct(latencies, 0.99),
                pct(latencies, 0.999));
    }

    private static long[] run(Path socket, long token, String body, int connections, int seconds, boolean keep)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong failures = new AtomicLong();
        List<long[]> perThread = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(connections);
        for (int c = 0; c < connections; c++) {
            long[] mine = new long[4_000_000 / connections];
            int[] count = new int[1];
            perThread.add(mine);
            counts.add(count);
            Thread t = new Thread(() -> {
                try (ApisixHarness apisix = new ApisixHarness(socket)) {
                    A6Request request = A6Request.chat(token, "load-generator", body);
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        A6Answer answer = apisix.call(request);
                        long took = System.nanoTime() - start;
                        if (!answer.isRewrite()) {
                            failures.incrementAndGet();
                        }
                        if (count[0] < mine.length) {
                            mine[count[0]++] = took;
                        }
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                } finally {
                    done.countDown();
                }
            });
            t.setDaemon(true);
            t.start();
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        done.await();
        if (failures.get() > 0) {
            System.out.println("failures: " + failures.get());
        }
        if (!keep) {
            return new long[0];
        }
        int total = counts.stream().mapToInt(a -> a[0]).sum();
        long[] all = new long[total];
        int at = 0;
        for (int i = 0; i < perThread.size(); i++) {
            System.arraycopy(perThread.get(i), 0, all, at, counts.get(i)[0]);
            at += counts.get(i)[0];
        }
        return all;
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1000.0;
    }

    /** A realistic chat request of about 2 KB: a system prompt, a short history and a question. */
    static String twoKilobyteChat() {
        String history = "The quarterly report shows revenue growth in every region except the north, where a "
                + "supplier delay pushed two large orders into the next quarter. ";
        return "{\"model\":\"chat-fast\",\"max_tokens\":400,\"messages\":["
                + "{\"role\":\"system\",\"content\":\"You are a concise analyst. Answer in three bullet points.\"},"
                + "{\"role\":\"user\",\"content\":\"" + history.repeat(6) + "\"},"
                + "{\"role\":\"assistant\",\"content\":\"Understood. What would you like to know?\"},"
                + "{\"role\":\"user\",\"content\":\"" + history.repeat(5) + " Which region should we watch?\"}]}";
    }
}
