package dev.modelgate.relay.messages;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.relay.golden.Golden;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessagesRequestsTest {

    private final ObjectMapper json = new ObjectMapper();
    private final MessagesRequests requests = new MessagesRequests(json);

    @ParameterizedTest
    @ValueSource(strings = {"plain", "system", "system-string", "images", "tools", "tool-only-turns", "sampling-stream"})
    void translatesAnthropicRequestsIntoOpenAiChatRequests(String name) throws Exception {
        byte[] anthropic = Golden.json("messages/request/" + name + ".anthropic.json").toString().getBytes(StandardCharsets.UTF_8);
        OpenAiChatRequest translated = requests.toOpenAi(anthropic);
        Golden.assertJson("messages/request/" + name + ".openai.json", translated.body());
    }

    @org.junit.jupiter.api.Test
    void remembersStreamAndStopSequencesForTheAnswer() throws Exception {
        OpenAiChatRequest translated = requests.toOpenAi(Golden.json("messages/request/sampling-stream.anthropic.json")
                .toString().getBytes(StandardCharsets.UTF_8));
        assertThat(translated.stream()).isTrue();
        assertThat(translated.stopSequences()).containsExactly("\n\nHuman:", "END");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"model\":\"chat\",\"max_tokens\":10,\"messages\":[|The request body is not valid JSON.",
            "[1,2]|The request body must be a JSON object.",
            "{\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|model: Field required",
            "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|max_tokens: Field required",
            "{\"model\":\"chat\",\"max_tokens\":0,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|max_tokens: Input should be a positive integer",
            "{\"model\":\"chat\",\"max_tokens\":10}|messages: Field required",
            "{\"model\":\"chat\",\"max_tokens\":10,\"messages\":[]}|messages: at least one message is required",
            "{\"model\":\"chat\",\"max_tokens\":10,\"messages\":[{\"role\":\"system\",\"content\":\"hi\"}]}|messages.0.role: Input should be 'user' or 'assistant'",
            "{\"model\":\"chat\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"video\"}]}]}|messages.0.content.0.type: content block type 'video' is not supported through Modelgate",
            "{\"model\":\"chat\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}]}|messages.0.content.0.type: Field required",
            "{\"model\":\"chat\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"n\",\"input\":{}}]}]}|messages.0.content.0.type: tool_use blocks belong in assistant messages",
            "{\"model\":\"chat\",\"max_tokens\":10,\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\"}]}]}|messages.0.content.0.type: tool_result blocks belong in user messages",
            "{\"model\":\"chat\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"file\",\"file_id\":\"f\"}}]}]}|messages.0.content.0.source.type: only base64 and url image sources are supported",
            "{\"model\":\"chat\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]}|tools.0.type: tool type 'web_search_20250305' is not available through Modelgate; only custom tools (name, input_schema) are supported",
            "{\"model\":\"chat\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[{\"name\":\"t\"}]}|tools.0.input_schema: Field required",
            "{\"model\":\"chat\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":\"yes\"}|stream: Input should be a valid boolean",
    })
    void refusesMalformedRequestsNamingTheField(String body, String message) {
        assertThatThrownBy(() -> requests.toOpenAi(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(MessagesException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.type()).isEqualTo("invalid_request_error");
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }
}
