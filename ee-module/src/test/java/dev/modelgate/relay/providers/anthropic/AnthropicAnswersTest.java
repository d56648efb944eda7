package dev.modelgate.relay.providers.anthropic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.relay.golden.Golden;
import dev.modelgate.relay.providers.TranslationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnthropicAnswersTest {

    static final long CREATED = 1764240000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** text; tool-use (with thinking, into reasoning); cache-usage (cache reads and writes, max_tokens -> length). */
    @ParameterizedTest
    @ValueSource(strings = {"text", "tool-use", "cache-usage"})
    void translatesAnswers(String name) throws Exception {
        ObjectNode anthropic = Golden.json("anthropic/answers/" + name + "/anthropic.json");

        Golden.assertJson("anthropic/answers/" + name + "/openai.json", AnthropicAnswers.toOpenAi(anthropic, CREATED));
    }

    @Test
    void cachedTokensCountAsPromptTokensAsOpenAiCountsThem() throws Exception {
        ObjectNode answer = AnthropicAnswers.toOpenAi(Golden.json("anthropic/answers/cache-usage/anthropic.json"), CREATED);

        // What the relay bills from: the whole prompt, of which the cache reads are the discounted part.
        assertThat(answer.at("/usage/prompt_tokens").asLong()).isEqualTo(50 + 100_000 + 1_200);
        assertThat(answer.at("/usage/prompt_tokens_details/cached_tokens").asLong()).isEqualTo(100_000);
        assertThat(answer.at("/usage/completion_tokens").asLong()).isEqualTo(12);
    }

    @Test
    void toolArgumentsAreAJsonStringThatParsesToTheInput() throws Exception {
        ObjectNode answer = AnthropicAnswers.toOpenAi(Golden.json("anthropic/answers/tool-use/anthropic.json"), CREATED);

        String arguments = answer.at("/choices/0/message/tool_calls/0/function/arguments").asText();
        assertThat(JSON.readTree(arguments)).isEqualTo(JSON.readTree("{\"city\":\"Paris\",\"unit\":\"celsius\"}"));
    }

    @Test
    void anAnswerWithOnlyToolCallsHasNullContentAsOpenAiSends() throws Exception {
        ObjectNode answer = AnthropicAnswers.toOpenAi(JSON.readTree("""
                {"id":"msg_1","type":"message","role":"assistant","model":"claude-haiku-4-5",
                 "content":[{"type":"tool_use","id":"toolu_1","name":"now","input":{}}],
                 "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":5,"output_tokens":3}}"""), CREATED);

        assertThat(answer.at("/choices/0/message/content").isNull()).isTrue();
        assertThat(answer.at("/choices/0/message/tool_calls/0/function/arguments").asText()).isEqualTo("{}");
    }

    @ParameterizedTest
    @CsvSource({"end_turn,stop", "stop_sequence,stop", "max_tokens,length", "tool_use,tool_calls", "refusal,content_filter",
            "pause_turn,stop", "model_context_window_exceeded,length"})
    void mapsStopReasons(String stopReason, String finishReason) {
        assertThat(AnthropicAnswers.finishReason(stopReason)).isEqualTo(finishReason);
    }

    @Test
    void refusesWhatIsNotAnAnthropicMessage() throws Exception {
        // An OpenAI answer from a misconfigured base URL, and Anthropic's own error shape.
        for (String body : new String[]{
                "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[]}",
                "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}"}) {
            assertThatThrownBy(() -> AnthropicAnswers.toOpenAi(JSON.readTree(body), CREATED))
                    .isInstanceOf(TranslationException.class)
                    .hasMessage("not an Anthropic message");
        }
    }
}
