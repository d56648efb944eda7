package dev.modelgate.relay.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.relay.golden.Golden;
import dev.modelgate.relay.providers.TranslationException;
import dev.modelgate.relay.providers.TranslationFailures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GeminiAnswersTest {

    static final long CREATED = 1764240000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"answer-text", "answer-function-call", "answer-usage", "answer-safety"})
    void translatesGeminiAnswersToChatCompletions(String golden) throws Exception {
        ObjectNode gemini = Golden.json("gemini/" + golden + "/gemini-answer.json");

        ObjectNode completion = GeminiAnswers.chatCompletion(gemini, "chatcmpl-test", "gemini-requested", CREATED);

        Golden.assertJson("gemini/" + golden + "/openai-answer.json", completion);
        assertThat(GeminiAnswers.blockedPrompt(gemini)).isEmpty();
    }

    @Test
    void toolCallIdsAreStableForTheSameAnswerAndDistinctWithinIt() throws Exception {
        ObjectNode gemini = Golden.json("gemini/answer-function-call/gemini-answer.json");

        JsonNode first = GeminiAnswers.chatCompletion(gemini, "a", "m", CREATED).at("/choices/0/message/tool_calls");
        JsonNode again = GeminiAnswers.chatCompletion(gemini, "b", "m", CREATED).at("/choices/0/message/tool_calls");

        assertThat(first.get(0).get("id").asText()).matches("call_[0-9a-f]{24}").isNotEqualTo(first.get(1).get("id").asText());
        assertThat(again).isEqualTo(first);
    }

    @Test
    void geminisOwnCallIdIsKept() throws Exception {
        JsonNode gemini = JSON.readTree("""
                {"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"id":"fc-77","name":"now","args":{}}}]},"finishReason":"STOP","index":0}]}""");

        JsonNode call = GeminiAnswers.chatCompletion(gemini, "a", "m", CREATED).at("/choices/0/message/tool_calls/0");

        assertThat(call.get("id").asText()).isEqualTo("fc-77");
        assertThat(call.at("/function/arguments").asText()).isEqualTo("{}");
    }

    @Test
    void aBlockedPromptIsAnOpenAiContentFilterError() throws Exception {
        ObjectNode gemini = Golden.json("gemini/blocked-prompt/gemini-answer.json");

        String message = GeminiAnswers.blockedPrompt(gemini).orElseThrow();

        Golden.assertJson("gemini/blocked-prompt/openai-error.json", JSON.readTree(TranslationFailures.refused(message, "content_filter").failure().body()));
    }

    @Test
    void anAnswerWithoutCandidatesIsUnreadable() throws Exception {
        JsonNode gemini = JSON.readTree("{\"usageMetadata\":{\"promptTokenCount\":3}}");

        assertThatThrownBy(() -> GeminiAnswers.chatCompletion(gemini, "a", "m", CREATED)).isInstanceOf(TranslationException.class);
    }
}
