package dev.modelgate.relay.providers.anthropic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.request.MessagesRequests;
import dev.modelgate.policy.request.OpenAiChatRequest;
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

    /**
     * What OpenAI's format cannot carry is not refused: it is named, so that an Anthropic deployment is sent the
     * client's own body and any other deployment is passed over (with a 400 naming it when none is left).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"model\":\"chat\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"video\"}]}]}|a video block at messages.0.content.0",
            "{\"model\":\"chat\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"file\",\"file_id\":\"f\"}}]}]}|an image with a file source at messages.0.content.0",
            "{\"model\":\"chat\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]}|the server tool 'web_search_20250305' at tools.0",
            "{\"model\":\"chat\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"document\",\"source\":{\"type\":\"url\",\"url\":\"https://x/a.pdf\"}}]}]}|a document with a url source at messages.0.content.0",
            "{\"model\":\"chat\",\"max_tokens\":10,\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"server_tool_use\",\"id\":\"s\",\"name\":\"web_search\",\"input\":{}}]}]}|a server_tool_use block at messages.0.content.0",
    })
    void namesWhatOpenAisFormatCannotCarry(String body, String what) throws Exception {
        assertThat(requests.toOpenAi(read(body)).untranslatable()).isEqualTo(what);
    }

    @org.junit.jupiter.api.Test
    void aPdfBecomesAFilePartAndATextDocumentTextSoThePolicyReadsThem() throws Exception {
        OpenAiChatRequest translated = requests.toOpenAi(read("""
                {"model":"chat","max_tokens":10,"messages":[{"role":"user","content":[
                  {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0="},"title":"a.pdf"},
                  {"type":"document","source":{"type":"text","media_type":"text/plain","data":"the contract"}},
                  {"type":"text","text":"summarise"}]}]}"""));
        assertThat(translated.untranslatable()).isNull();
        assertThat(translated.body().at("/messages/0/content/0/file/file_data").asText()).isEqualTo("data:application/pdf;base64,JVBERi0=");
        assertThat(translated.body().at("/messages/0/content/1/text").asText()).isEqualTo("the contract");
        assertThat(translated.body().at("/messages/0/content/2/text").asText()).isEqualTo("summarise");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|model: Field required",
            "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|max_tokens: Field required",
            "{\"model\":\"chat\",\"max_tokens\":0,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|max_tokens: Input should be a positive integer",
            "{\"model\":\"chat\",\"max_tokens\":10}|messages: Field required",
            "{\"model\":\"chat\",\"max_tokens\":10,\"messages\":[]}|messages: at least one message is required",
            "{\"model\":\"chat\",\"max_tokens\":10,\"messages\":[{\"role\":\"system\",\"content\":\"hi\"}]}|messages.0.role: Input should be 'user' or 'assistant'",
            "{\"model\":\"chat\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}]}|messages.0.content.0.type: Field required",
            "{\"model\":\"chat\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"n\",\"input\":{}}]}]}|messages.0.content.0.type: tool_use blocks belong in assistant messages",
            "{\"model\":\"chat\",\"max_tokens\":10,\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\"}]}]}|messages.0.content.0.type: tool_result blocks belong in user messages",
            "{\"model\":\"chat\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[{\"name\":\"t\"}]}|tools.0.input_schema: Field required",
            "{\"model\":\"chat\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":\"yes\"}|stream: Input should be a valid boolean",
    })
    void refusesMalformedRequestsNamingTheField(String body, String message) {
        assertThatThrownBy(() -> requests.toOpenAi(read(body)))
                .isInstanceOfSatisfying(RequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.type()).isEqualTo("invalid_request_error");
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }
}
