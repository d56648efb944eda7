package dev.modelgate.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load on the relay's usage ingest ({@code POST /admin/usage/events}): THREADS clients each posting batches of
 * BATCH new events as fast as the relay acknowledges them (an acknowledged event is committed). Prints the
 * sustained events/s and the batch latency p50/p99.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.modelgate.bench.IngestLoad BASE_URL KEY TEAM PROVIDER MODEL THREADS BATCH SECONDS</pre>
 */
public final class IngestLoad {

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0].replaceAll("/+$", "") + "/admin/usage/events");
        String key = args[1];
        String team = args[2];
        String provider = args[3];
        String model = args[4];
        int threads = Integer.parseInt(args[5]);
        int batch = Integer.parseInt(args[6]);
        int seconds = Integer.parseInt(args[7]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        run(http, uri, key, team, provider, model, threads, batch, 5, null);   // warm-up
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        long events = run(http, uri, key, team, provider, model, threads, batch, seconds, latencies);
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("threads=%d batch=%d events=%d events/s=%.0f batch p50=%.1fms p99=%.1fms%n", threads, batch, events,
                events / (double) seconds, sorted[sorted.length / 2] / 1e6, sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))] / 1e6);
    }

    private static long run(HttpClient http, URI uri, String key, String team, String provider, String model, int threads, int batch,
                            int seconds, List<Long> latencies) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong accepted = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                String run = UUID.randomUUID().toString();
                long n = 0;
                while (!stop.get()) {
                    StringBuilder body = new StringBuilder(batch * 220).append("{\"events\":[");
                    String at = Instant.now().toString();
                    for (int i = 0; i < batch; i++) {
                        body.append(i == 0 ? "" : ",").append("{\"request_id\":\"").append(run).append('-').append(n++)
                                .append("\",\"attempt\":1,\"team\":\"").append(team).append("\",\"provider\":\"").append(provider)
                                .append("\",\"model\":\"").append(model).append("\",\"input_tokens\":1200,\"output_tokens\":300,")
                                .append("\"latency_micros\":850000,\"occurred_at\":\"").append(at).append("\"}");
                    }
                    body.append("]}");
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key)
                                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200 || !r.body().contains("\"accepted\":" + batch)) {
                            System.err.println("unexpected answer " + r.statusCode() + ": " + r.body().substring(0, Math.min(300, r.body().length())));
                            return;
                        }
                        accepted.addAndGet(batch);
                        if (latencies != null) {
                            latencies.add(System.nanoTime() - start);
                        }
                    } catch (Exception e) {
                        System.err.println("request failed: " + e);
                        return;
                    }
                }
            });
            w.start();
            workers.add(w);
        }
        Thread.sleep(seconds * 1000L);
        long counted = accepted.get();
        stop.set(true);
        for (Thread w : workers) {
            w.join();
        }
        return counted;
    }
}
