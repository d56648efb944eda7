package dev.modelgate.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load over a gateway host's socket: one blocking thread per connection, each sending the next
 * request as soon as the answer is in, as a gateway worker does. Reports requests/s and p50/p99/p99.9 of
 * the whole exchange after a 5 s warm-up.
 */
final class SocketLoad {

    /** One connection's client: one request per call, true when the answer was the expected one. */
    interface Client extends AutoCloseable {
        boolean call() throws Exception;
    }

    interface ClientFactory {
        Client open() throws Exception;
    }

    private SocketLoad() {
    }

    static void report(ClientFactory clients, int connections, int seconds) throws Exception {
        run(clients, connections, 5, false);           // warm-up: JIT, policy load, caches
        long[] latencies = run(clients, connections, seconds, true);
        Arrays.sort(latencies);
        System.out.printf("connections=%d requests=%d req/s=%.0f p50=%.1fus p99=%.1fus p99.9=%.1fus%n", connections,
                latencies.length, latencies.length / (double) seconds, pct(latencies, 0.50), pct(latencies, 0.99),
                pct(latencies, 0.999));
    }

    private static long[] run(ClientFactory clients, int connections, int seconds, boolean keep) throws Exception {
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
                try (Client client = clients.open()) {
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        boolean ok = client.call();
                        long took = System.nanoTime() - start;
                        if (!ok) {
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

    /** The policy files given as {@code a,b} on the command line, as a JSON string list's inside. */
    static String policyList(String arg) {
        return String.join("\", \"", Arrays.stream(arg.split(",")).map(f -> java.nio.file.Path.of(f).toAbsolutePath().toString()).toList());
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
