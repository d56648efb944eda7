package dev.modelgate.policy.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.policy.request.Endpoint;
import dev.modelgate.policy.request.ParsedRequest;
import dev.modelgate.policy.request.RequestLimits;
import dev.modelgate.policy.request.RequestParser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenEstimatorTest {

    private static final TokenEstimator ESTIMATOR = new TokenEstimator();
    private static final RequestParser PARSER = new RequestParser(RequestLimits.defaults());

    private static ParsedRequest parse(Endpoint endpoint, String json) throws Exception {
        return PARSER.parse(endpoint, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource({"gpt-4o", "gpt-4", "claude-sonnet-4", "text-embedding-3-small"})
    void helloWorldIsTwoTokensInBothEncodings(String model) {
        assertThat(ESTIMATOR.countText("hello world", model)).isEqualTo(2);
    }

    @Test
    void encodingsDifferWhereTheyShould() {
        // tiktoken: cl100k_base and o200k_base split this sentence differently
        String text = "Modelgate routes multilingual requests: こんにちは、世界！Привет, мир!";
        int o200k = ESTIMATOR.countText(text, "gpt-4o");
        int cl100k = ESTIMATOR.countText(text, "gpt-4");
        assertThat(o200k).isLessThan(cl100k);
        assertThat(ESTIMATOR.countText(text, "o3-mini")).isEqualTo(o200k);
        assertThat(ESTIMATOR.countText(text, "openai/gpt-4.1-nano")).isEqualTo(o200k);
        assertThat(ESTIMATOR.countText(text, "chatgpt-4o-latest")).isEqualTo(o200k);
        assertThat(ESTIMATOR.countText(text, "gpt-5-mini")).isEqualTo(o200k);
        assertThat(ESTIMATOR.countText(text, "gpt-3.5-turbo")).isEqualTo(cl100k);
        assertThat(ESTIMATOR.countText(text, "text-embedding-ada-002")).isEqualTo(cl100k);
        assertThat(ESTIMATOR.countText(text, "gpt-4-turbo")).isEqualTo(cl100k);
        assertThat(ESTIMATOR.countText(text, "llama-3.1-70b")).isEqualTo(o200k);
        assertThat(ESTIMATOR.countText(text, "o1x-unknown")).isEqualTo(o200k);
        assertThat(ESTIMATOR.countText(text, null)).isEqualTo(o200k);
    }

    @Test
    void knownCounts() {
        // OpenAI cookbook "How to count tokens with tiktoken": 6 tokens in cl100k_base
        assertThat(ESTIMATOR.countText("tiktoken is great!", "gpt-4")).isEqualTo(6);
        assertThat(ESTIMATOR.countText("", "gpt-4o")).isZero();
        assertThat(ESTIMATOR.countText(null, "gpt-4o")).isZero();
    }

    @Test
    void specialTokenTextIsCountedNotThrown() {
        assertThat(ESTIMATOR.countText("<|endoftext|>", "gpt-4o")).isGreaterThan(1);
        assertThat(ESTIMATOR.countText("<|endoftext|>", "gpt-4")).isGreaterThan(1);
    }

    @ParameterizedTest
    @CsvSource({
            "1024, 1024, high, 765",   // OpenAI docs
            "2048, 4096, high, 1105",  // OpenAI docs
            "4096, 8192, low, 85",     // OpenAI docs
            "1024, 1024, auto, 765",
            "0, 0, high, 765",         // unknown size assumed 1024x1024
            "0, 0, low, 85",
            "512, 512, high, 255",     // one tile, never scaled up
            "100, 100, auto, 255",
            "768, 768, high, 765",
            "4096, 2048, high, 1105"})
    void imageTileRule(int width, int height, String detail, int tokens) {
        assertThat(TokenEstimator.imageTokens(width, height, detail)).isEqualTo(tokens);
    }

    @Test
    void chatEstimateFollowsTheCookbook() throws Exception {
        ParsedRequest r = parse(Endpoint.CHAT_COMPLETIONS, """
                {"model":"gpt-4o","messages":[
                  {"role":"system","content":"hello world"},
                  {"role":"user","name":"ann","content":"hello world"}]}""");
        // 2 + 2 text, 3 per message x 2, +1 name, +3 priming
        assertThat(ESTIMATOR.exactInput(r)).isEqualTo(2 + 2 + 6 + 1 + 3);
    }

    @Test
    void toolsAndImagesAreAdded() throws Exception {
        String tools = "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}]";
        ParsedRequest r = parse(Endpoint.CHAT_COMPLETIONS, "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"hello world\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\",\"detail\":\"low\"}},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/z.png\"}}]}],\"tools\":" + tools + "}");
        int expected = 2 + 3 + 3 + ESTIMATOR.countText(tools, "gpt-4o") + 85 + 765;
        assertThat(ESTIMATOR.exactInput(r)).isEqualTo(expected);
    }

    @Test
    void embeddingsWithTokenIdsAndNoFraming() throws Exception {
        assertThat(ESTIMATOR.exactInput(parse(Endpoint.EMBEDDINGS, """
                {"model":"text-embedding-3-small","input":["hello world","hello world"]}"""))).isEqualTo(4);
        assertThat(ESTIMATOR.exactInput(parse(Endpoint.EMBEDDINGS, """
                {"model":"text-embedding-3-small","input":[[1,2,3],[4]]}"""))).isEqualTo(4);
    }

    @Test
    void requestEstimateBoundsHoldTheExactCountWithTheSameFraming() throws Exception {
        String tools = "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}]";
        ParsedRequest r = parse(Endpoint.CHAT_COMPLETIONS, "{\"model\":\"gpt-4o\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"You are a careful assistant. Answer in the user's language.\"},"
                + "{\"role\":\"user\",\"name\":\"ann\",\"content\":[{\"type\":\"text\",\"text\":\"Wie wird das Wetter morgen in München?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\",\"detail\":\"low\"}}]}],\"tools\":" + tools + "}");
        for (String model : new String[] {"gpt-4o", "gpt-4"}) {
            InputTokens estimate = ESTIMATOR.estimate(r, model);
            int exact = ESTIMATOR.exactInput(r, model);
            assertThat((long) exact).isBetween(estimate.lower(), estimate.upper());
            assertThat(estimate.isExact()).isFalse();
            // framing, the name and the image are not estimated: they are in both counts alike
            assertThat(estimate.lower()).isGreaterThanOrEqualTo(3 * 2 + 1 + 3 + 85);
            assertThat(new TokenEstimator(0).estimate(r, model)).as("the memo changes nothing").isEqualTo(estimate);
        }
        assertThat(ESTIMATOR.estimate(r)).isEqualTo(ESTIMATOR.estimate(r, "gpt-4o"));
    }

    @Test
    void decidesOnlyWhenTheWholeIntervalIsOnOneSide() {
        InputTokens t = new InputTokens(100, 95, 110);
        assertThat(t.decides(110)).isTrue();   // every count fits
        assertThat(t.decides(94)).isTrue();    // no count fits
        assertThat(t.decides(100)).isFalse();  // straddles: count exactly
        assertThat(InputTokens.exact(7).decides(7)).isTrue();
        assertThat(ESTIMATOR.estimateText("", "gpt-4o")).isEqualTo(InputTokens.exact(0));
    }
}
