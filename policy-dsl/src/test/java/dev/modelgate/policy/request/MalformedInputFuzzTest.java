package dev.modelgate.policy.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Mutated bodies may be accepted or rejected, but only ever with a RequestException. Fixed seed: reproducible. */
class MalformedInputFuzzTest {

    private static final byte[] SEED = ("{\"model\":\"gpt-4o\",\"models\":[\"a\"],\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"héllo 世界\"},"
            + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + ImageHeadersTest.pngDataUrl(3, 2) + "\"}}]},"
            + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\","
            + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}],"
            + "\"provider\":{\"order\":[\"x\"],\"max_price\":{\"prompt\":1.5}},\"metadata\":{\"k\":\"v\"}}")
            .getBytes(StandardCharsets.UTF_8);

    private static final byte[] RESPONSES_SEED = ("{\"model\":\"gpt-4.1\",\"instructions\":\"Be terse.\",\"stream\":true,"
            + "\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"héllo 世界\"},"
            + "{\"type\":\"input_image\",\"image_url\":\"" + ImageHeadersTest.pngDataUrl(3, 2) + "\"}]},"
            + "{\"type\":\"function_call\",\"call_id\":\"c\",\"name\":\"f\",\"arguments\":\"{}\"},"
            + "{\"type\":\"function_call_output\",\"call_id\":\"c\",\"output\":\"ok\"}],"
            + "\"tools\":[{\"type\":\"function\",\"name\":\"f\"}],\"text\":{\"format\":{\"type\":\"json_object\"}},"
            + "\"reasoning\":{\"effort\":\"low\"},\"max_output_tokens\":9,\"metadata\":{\"k\":\"v\"}}")
            .getBytes(StandardCharsets.UTF_8);

    private static final byte[] ALPHABET = "{}[]\",:0123456789.-eE truefalsnl\\/u\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void mutationsNeverEscapeAsOtherExceptions() {
        fuzz(SEED, Endpoint.CHAT_COMPLETIONS, Endpoint.EMBEDDINGS);
    }

    @Test
    void responsesMutationsNeverEscapeAsOtherExceptions() {
        fuzz(RESPONSES_SEED, Endpoint.RESPONSES);
    }

    private static void fuzz(byte[] seed, Endpoint... endpoints) {
        Random random = new Random(20261122L);
        RequestParser parser = new RequestParser(new RequestLimits(1 << 20, 16, 100, 10_000));
        int accepted = 0;
        int rejected = 0;
        for (int round = 0; round < 5_000; round++) {
            byte[] body = mutate(seed, random);
            for (Endpoint endpoint : endpoints) {
                try {
                    ParsedRequest r = parser.parse(endpoint, "application/json", body);
                    r.withTexts(java.util.Map.of());
                    accepted++;
                } catch (RequestException e) {
                    assertThat(e.status()).isIn(400, 413);
                    assertThat(e.code()).isNotBlank();
                    assertThat(e.code()).as("safety net hit for %s", new String(body, StandardCharsets.UTF_8))
                            .isNotEqualTo("invalid_request");
                    rejected++;
                } catch (Throwable t) {
                    fail("escaped " + t + " for body " + Arrays.toString(body), t);
                }
            }
        }
        assertThat(rejected).isPositive();
        assertThat(accepted).isPositive();
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(4)) {
                case 0 -> b[at] = ALPHABET[random.nextInt(ALPHABET.length)];
                case 1 -> b = Arrays.copyOf(b, Math.max(1, at));
                case 2 -> b[at] = (byte) random.nextInt(256);
                default -> {
                    int from = random.nextInt(b.length);
                    byte[] out = new byte[b.length - Math.abs(at - from)];
                    int lo = Math.min(at, from);
                    System.arraycopy(b, 0, out, 0, lo);
                    System.arraycopy(b, lo + Math.abs(at - from), out, lo, out.length - lo);
                    b = out.length == 0 ? new byte[] {'{'} : out;
                }
            }
        }
        return b;
    }
}
