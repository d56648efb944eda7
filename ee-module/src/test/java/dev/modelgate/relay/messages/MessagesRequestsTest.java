package dev.modelgate.relay.messages;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.request.RequestException;
import dev.modelgate.policy.request.RequestLimits;
import dev.modelgate.policy.request.RequestParser;
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
    private final RequestParser parser = new RequestParser(RequestLimits.defaults());

    /** As the ingress reads it: the relay's request parser, once. */
    private ObjectNode read(String body) throws RequestException {
        return parser.readJson(body.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "system", "system-string", "images", "tools", "tool-only-turns", "sampling-stream"})
    void translatesAnthropicRequestsIntoOpenAiChatRequests(String name) throws Exception {
        OpenAiChatRequest translated = requests.toOpenAi(read(Golden.json("messages/request/" + name + ".anthropic.json").toString()));
        Golden.assertJson("messages/request/" + name + ".openai.json", translated.body());
    }

    @org.junit.jupiter.api.Test
    void remembersStreamAndStopSequencesForTheAnswer() throws Exception {
        OpenAiChatRequest translated = requests.toOpenAi(read(Golden.json("messages/request/sampling-stream.anthropic.json").toString()));
        assertThat(translated.stream()).isTrue();
        assertThat(translated.stopSequences()).containsExactly("\n\nHuman:", "END");
    }

    /** count_tokens takes a Messages body without max_tokens and stream: neither is required nor passed on. */
    @org.junit.jupiter.api.Test
    void aCountNeedsNoMaxTokensAndNeverStreams() throws Exception {
        OpenAiChatRequest counted = requests.toOpenAiForCount(read(
                "{\"model\":\"chat\",\"system\":\"Be brief.\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                        + "\"tools\":[{\"name\":\"t\",\"input_schema\":{\"type\":\"object\"}}]}"));
        assertThat(counted.body().has("max_tokens")).isFalse();
        assertThat(counted.body().at("/messages/0/content").asText()).isEqualTo("Be brief.");
        assertThat(counted.body().at("/tools/0/function/name").asText()).isEqualTo("t");
        OpenAiChatRequest sentAnyway = requests.toOpenAiForCount(read(
                "{\"model\":\"chat\",\"max_tokens\":10,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        assertThat(sentAnyway.stream()).isFalse();
        assertThat(sentAnyway.body().has("stream")).isFalse();
        assertThat(sentAnyway.body().has("max_tokens")).isFalse();
        assertThatThrownBy(() -> requests.toOpenAiForCount(read("{\"model\":\"chat\",\"messages\":[]}")))
                .hasMessage("messages: at least one message is required");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
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
        assertThatThrownBy(() -> requests.toOpenAi(read(body)))
                .isInstanceOfSatisfying(MessagesException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.type()).isEqualTo("invalid_request_error");
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }
}
