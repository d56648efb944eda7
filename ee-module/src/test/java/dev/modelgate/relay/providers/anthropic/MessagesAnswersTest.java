package dev.modelgate.relay.providers.anthropic;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.relay.golden.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessagesAnswersTest {

    private final ObjectMapper json = new ObjectMapper();
    private final MessagesAnswers answers = new MessagesAnswers(json);

    @ParameterizedTest
    @ValueSource(strings = {"plain", "tool-use", "cached-usage", "stop-sequence", "refusal"})
    void translatesOpenAiAnswersIntoAnthropicMessages(String name) throws Exception {
        var openAi = Golden.json("messages/answer/" + name + ".openai.json");
        var anthropic = answers.toAnthropic(openAi, "msg_" + openAi.path("id").asText(), List.of("END"));
        Golden.assertJson("messages/answer/" + name + ".anthropic.json", anthropic);
    }

    @Test
    void aStopReasonNamingASequenceTheClientDidNotSendIsAnEndOfTurn() throws Exception {
        var anthropic = answers.toAnthropic(Golden.json("messages/answer/stop-sequence.openai.json"), "msg_x", List.of());
        assertThat(anthropic.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(anthropic.path("stop_sequence").isNull()).isTrue();
    }

    @Test
    void toolArgumentsThatAreNotAJsonObjectAreA502NotAnInventedInput() {
        var openAi = Golden.json("messages/answer/tool-use.openai.json");
        ((com.fasterxml.jackson.databind.node.ObjectNode) openAi.at("/choices/0/message/tool_calls/0/function"))
                .put("arguments", "{\"location\": \"San Fr");
        assertThatThrownBy(() -> answers.toAnthropic(openAi, "msg_x", List.of()))
                .isInstanceOfSatisfying(MessagesException.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.type()).isEqualTo("api_error");
                    assertThat(e.getMessage()).contains("not a JSON object");
                });
    }
}
