package dev.modelgate.policy.request;

import static dev.modelgate.policy.request.Bodies.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Anthropic's Messages body read once, the way both a gateway node and the relay read it: the chat request it
 * means, parsed for the policy, beside the client's own tree.
 */
class ParsedMessagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String CODING_TURN = """
            {"model":"claude-sonnet-4","max_tokens":512,"stream":true,
             "system":[{"type":"text","text":"You are a coding agent.","cache_control":{"type":"ephemeral"}}],
             "tools":[{"name":"read_file","description":"reads a file","input_schema":{"type":"object"}}],
             "messages":[{"role":"user","content":"fix the build"},
                         {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"read_file","input":{"path":"pom.xml"}}]},
                         {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"<project/>"}]}]}""";

    @Test
    void aMessagesBodyIsParsedAsTheChatRequestItMeans() throws Exception {
        ParsedMessages read = Bodies.PARSER.parseMessages(utf8(CODING_TURN), false);

        ParsedRequest parsed = read.parsed();
        assertThat(parsed.endpoint()).isEqualTo(Endpoint.CHAT_COMPLETIONS);
        assertThat(parsed.model()).isEqualTo("claude-sonnet-4");
        assertThat(parsed.maxOutputTokens()).isEqualTo(512);
        assertThat(parsed.stream()).isTrue();
        assertThat(parsed.usesTools()).isTrue();
        assertThat(parsed.texts()).extracting(TextPart::text)
                .containsExactly("You are a coding agent.", "fix the build", "{\"path\":\"pom.xml\"}", "<project/>");
        assertThat(read.anthropic()).isEqualTo(JSON.readTree(CODING_TURN));
        assertThat(read.translation().stream()).isTrue();
        assertThat(read.translation().untranslatable()).isNull();
    }

    @Test
    void refusalsNameTheFieldAnthropicsWayAndKeepTheParsersLimits() {
        RequestException missing = catchThrowableOfType(() -> Bodies.PARSER.parseMessages(
                utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), false), RequestException.class);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.getMessage()).isEqualTo("max_tokens: Field required");

        RequestParser small = new RequestParser(RequestLimits.withMaxBody(40));
        RequestException tooLarge = catchThrowableOfType(() -> small.parseMessages(utf8(CODING_TURN), false), RequestException.class);
        assertThat(tooLarge.status()).isEqualTo(413);

        RequestException duplicate = catchThrowableOfType(() -> Bodies.PARSER.parseMessages(
                utf8("{\"model\":\"a\",\"model\":\"b\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), false),
                RequestException.class);
        assertThat(duplicate.status()).as("the parser's strictness: one key, one value").isEqualTo(400);
    }

    @Test
    void aCountNeedsNoMaxTokens() throws Exception {
        ParsedMessages counted = Bodies.PARSER.parseMessages(utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), true);
        assertThat(counted.parsed().stream()).isFalse();
        assertThat(counted.parsed().texts()).extracting(TextPart::text).containsExactly("hi");
    }

    @Test
    void redactionsOfTheTranslationArePlacedInTheClientsBytes() throws Exception {
        String body = "{\"model\":\"m\",\"max_tokens\":5,\"top_k\":3,\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"mail ana@example.com\",\"cache_control\":{\"type\":\"ephemeral\"}}]}]}";
        ParsedMessages read = Bodies.PARSER.parseMessages(utf8(body), false);
        TextPart mail = read.parsed().texts().get(0);
        byte[] redactedTranslation = read.parsed().withTexts(Map.of(mail.pointer(), "mail [EMAIL]"));

        Optional<byte[]> redacted = read.redactedBytes(redactedTranslation);

        ObjectNode expected = (ObjectNode) JSON.readTree(body);
        ((ObjectNode) expected.at("/messages/0/content/0")).put("text", "mail [EMAIL]");
        assertThat(redacted).isPresent();
        assertThat(JSON.readTree(redacted.get())).isEqualTo(expected);
        assertThat(read.redactedBytes("not json".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void theMessagesPathIsRecognisedAsEndpointsAre() {
        assertThat(ParsedMessages.isPath("/v1/messages")).isTrue();
        assertThat(ParsedMessages.isPath("/v1/messages/?beta=true")).isTrue();
        assertThat(ParsedMessages.isPath("/v1/messages/count_tokens")).isFalse();
        assertThat(ParsedMessages.isPath("/v1/messagesx")).isFalse();
        assertThat(ParsedMessages.isPath(null)).isFalse();
        assertThat(ParsedMessages.isAnthropicPath("/v1/messages/count_tokens")).isTrue();
        assertThat(ParsedMessages.isAnthropicPath("/v1/messages?beta=true")).isTrue();
        assertThat(ParsedMessages.isAnthropicPath("/v1/messages-admin")).isFalse();
        assertThat(ParsedMessages.isAnthropicPath("/v1/chat/completions")).isFalse();
    }
}
