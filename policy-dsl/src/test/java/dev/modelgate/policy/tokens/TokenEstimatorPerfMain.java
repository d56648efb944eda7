package dev.modelgate.policy.tokens;

import dev.modelgate.policy.request.Endpoint;
import dev.modelgate.policy.request.ParsedRequest;
import dev.modelgate.policy.request.RequestLimits;
import dev.modelgate.policy.request.RequestParser;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Throwaway rough timing (not a test, not a benchmark of record; JMH is for that). Run with
 * {@code java -cp target/classes:target/test-classes:<deps> dev.modelgate.policy.tokens.TokenEstimatorPerfMain}.
 */
public final class TokenEstimatorPerfMain {

    private static final String PARAGRAPH = "The gateway receives a request from an application, checks who is "
            + "calling, and decides which provider should answer. Budgets are tracked per team, and every token "
            + "is settled against the team that spent it. When a provider fails, the relay retries the next "
            + "candidate, and the client never notices anything but a slightly slower answer. ";

    private static volatile long sink;

    public static void main(String[] args) throws Exception {
        TokenEstimator estimator = new TokenEstimator();
        String kb2 = english(2 * 1024);
        String kb32 = english(32 * 1024);
        System.out.printf("2 KB: o200k=%d tokens, cl100k=%d tokens%n", estimator.countText(kb2, "gpt-4o"),
                estimator.countText(kb2, "gpt-4"));
        System.out.printf("32 KB: o200k=%d tokens, cl100k=%d tokens%n", estimator.countText(kb32, "gpt-4o"),
                estimator.countText(kb32, "gpt-4"));
        for (String model : new String[] {"gpt-4o", "gpt-4"}) {
            time("countText 2KB  " + model, 20_000, () -> estimator.countText(kb2, model));
            time("countText 32KB " + model, 2_000, () -> estimator.countText(kb32, model));
        }
        // a realistic ~2 KB chat request
        String body = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"max_tokens\":512,\"temperature\":0.3,\"messages\":["
                + "{\"role\":\"system\",\"content\":\"" + english(400) + "\"},"
                + "{\"role\":\"user\",\"content\":\"" + english(700) + "\"},"
                + "{\"role\":\"assistant\",\"content\":\"" + english(300) + "\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"" + english(400) + "\"}]}],"
                + "\"provider\":{\"order\":[\"openai\",\"azure\"],\"max_price\":{\"prompt\":0.5}},"
                + "\"metadata\":{\"trace\":\"t-1\"}}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        System.out.printf("chat body: %d bytes%n", bytes.length);
        RequestParser parser = new RequestParser(RequestLimits.defaults());
        ParsedRequest parsed = parser.parse(Endpoint.CHAT_COMPLETIONS, "application/json", bytes);
        time("parse 2KB chat", 100_000, () -> parser.parse(Endpoint.CHAT_COMPLETIONS, "application/json", bytes)
                .texts().size());
        time("estimateInput 2KB chat", 100_000, () -> estimator.exactInput(parsed));
        time("parse + estimate 2KB chat", 100_000, () -> estimator.exactInput(
                parser.parse(Endpoint.CHAT_COMPLETIONS, "application/json", bytes)));
        time("withTexts one replacement", 50_000, () -> parsed.withTexts(Map.of("/messages/1/content", "x")).length);
    }

    private static String english(int bytes) {
        StringBuilder sb = new StringBuilder(bytes + PARAGRAPH.length());
        while (sb.length() < bytes) {
            sb.append(PARAGRAPH);
        }
        return sb.substring(0, bytes);
    }

    interface Work {
        int run() throws Exception;
    }

    private static void time(String label, int iterations, Work work) throws Exception {
        for (int i = 0; i < iterations; i++) { // warm-up so the JIT has compiled the path
            sink += work.run();
        }
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            sink += work.run();
        }
        double micros = (System.nanoTime() - start) / 1_000.0 / iterations;
        System.out.printf("%-30s %10.2f µs/op%n", label, micros);
    }
}
