package dev.modelgate.relay.execution;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.policy.pricing.Usage;
import dev.modelgate.policy.request.Endpoint;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class UsagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Usages.Metered metered(Endpoint endpoint, String answer, String expected) throws IOException {
        return Usages.ofAnswer(JSON, endpoint, AnswerEdits.read(JSON, answer.getBytes(StandardCharsets.UTF_8), expected), () -> 12);
    }

    @Test
    void anEmbeddingsAnswerWithoutUsageIsBilledOnTheEstimateAndSaysSo() throws IOException {
        for (String answer : new String[] {"{\"data\":[]}", "{\"data\":[],\"usage\":null}"}) {
            Usages.Metered m = metered(Endpoint.EMBEDDINGS, answer, "data");
            assertThat(m.usage()).isEqualTo(Usage.tokens(12, 0));
            assertThat(m.outcome()).isEqualTo("ok (usage estimated)");
            assertThat(m.estimate()).hasToString("{\"prompt_tokens\":12,\"total_tokens\":12}");
        }
    }

    @Test
    void reportedUsageIsBilledAsReportedEvenWhenZero() throws IOException {
        Usages.Metered m = metered(Endpoint.EMBEDDINGS, "{\"data\":[],\"usage\":{\"prompt_tokens\":0,\"total_tokens\":0}}", "data");
        assertThat(m.usage()).isEqualTo(Usage.tokens(0, 0));
        assertThat(m.estimate()).isNull();
        assertThat(m.outcome()).isEqualTo("ok");
        assertThat(metered(Endpoint.EMBEDDINGS, "{\"data\":[],\"usage\":{\"prompt_tokens\":5}}", "data").usage())
                .isEqualTo(Usage.tokens(5, 0));
    }

    @Test
    void onlyEmbeddingsAreEstimated() throws IOException {
        // A chat answer's output tokens cannot be estimated from the request: its missing usage is not made up.
        Usages.Metered chat = metered(Endpoint.CHAT_COMPLETIONS, "{\"choices\":[]}", "choices");
        assertThat(chat.usage()).isEqualTo(Usage.tokens(0, 0));
        assertThat(chat.estimate()).isNull();
        Usages.Metered images = metered(Endpoint.IMAGES_GENERATIONS, "{\"data\":[{\"url\":\"a\"},{\"url\":\"b\"}]}", "data");
        assertThat(images.usage()).isEqualTo(new Usage(0, 0, 0, 2));
        assertThat(images.estimate()).isNull();
    }

    /** Each token class apart, as the Anthropic adapter reports it in OpenAI's usage, so each is priced at its rate. */
    @Test
    void cacheReadsWritesByTtlAndReasoningAreReadApart() throws IOException {
        Usage usage = Usages.ofTokens(JSON.readTree("""
                {"prompt_tokens": 3370, "completion_tokens": 200, "total_tokens": 3570,
                 "prompt_tokens_details": {"cached_tokens": 3000, "cache_creation_input_tokens": 320, "cache_creation_1h_input_tokens": 120},
                 "completion_tokens_details": {"reasoning_tokens": 80}}"""));
        assertThat(usage).isEqualTo(new Usage(3370, 3000, 200, 120, 200, 80, 0));
        assertThat(usage.uncachedInputTokens()).isEqualTo(50);
    }

    @Test
    void inconsistentCountsAreCutToWhatTheyArePartOf() throws IOException {
        Usage usage = Usages.ofTokens(JSON.readTree("""
                {"prompt_tokens": 100, "completion_tokens": 10,
                 "prompt_tokens_details": {"cached_tokens": 90, "cache_creation_input_tokens": 50},
                 "completion_tokens_details": {"reasoning_tokens": 30}}"""));
        assertThat(usage).isEqualTo(new Usage(100, 90, 10, 0, 10, 10, 0));
    }
}
