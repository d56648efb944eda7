package dev.modelgate.policy.request;

import static dev.modelgate.policy.request.Bodies.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A body a host built as a tree (Anthropic's Messages translated into an OpenAI request) must be parsed to
 * exactly what the same body's bytes parse to, and refused with the same errors, without being read again.
 */
class TreeRequestTest {

    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final RequestParser SMALL = new RequestParser(new RequestLimits(10_000, 4, 3, 20));

    private static final String CHAT = """
            {"model":"chat","max_tokens":64,"stream":true,"stream_options":{"include_usage":true},"temperature":0.70,
             "tools":[{"type":"function","function":{"name":"search","parameters":{"type":"object"}}}],
             "messages":[{"role":"system","content":"Be brief."},
                         {"role":"user","content":[{"type":"text","text":"card 4111 1111 1111 1111"},
                                                   {"type":"image_url","image_url":{"url":"https://example.com/a.png","detail":"low"}}]},
                         {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function",
                           "function":{"name":"search","arguments":"{\\"q\\":\\"x\\"}"}}]},
                         {"role":"tool","tool_call_id":"c1","content":"three results"}]}""";

    @Test
    void aTreeParsesToWhatItsBytesParseTo() throws Exception {
        ParsedRequest fromBytes = Bodies.chat(CHAT);
        ParsedRequest fromTree = Bodies.PARSER.parse(Endpoint.CHAT_COMPLETIONS, Bodies.PARSER.readJson(utf8(CHAT)));

        assertThat(fromTree).usingRecursiveComparison().ignoringFields("body").isEqualTo(fromBytes);
        assertThat(fromTree.texts()).extracting(TextPart::text)
                .containsExactly("Be brief.", "card 4111 1111 1111 1111", "{\"q\":\"x\"}", "three results");
        assertThat(fromTree.jsonCopy()).isEqualTo(fromBytes.jsonCopy());
    }

    @Test
    void aTreeIsRedactedAndWrittenLikeBytes() throws Exception {
        ParsedRequest fromTree = Bodies.PARSER.parse(Endpoint.CHAT_COMPLETIONS, Bodies.PARSER.readJson(utf8(CHAT)));
        byte[] redacted = fromTree.withTexts(Map.of("/messages/1/content/0/text", "card [REDACTED]"));
        assertThat(PLAIN.readTree(redacted).at("/messages/1/content/0/text").textValue()).isEqualTo("card [REDACTED]");
        assertThat(new String(redacted, java.nio.charset.StandardCharsets.UTF_8)).contains("\"temperature\":0.70");
        // No redaction: there never were bytes, so the tree is written as it is.
        assertThat(PLAIN.readTree(fromTree.withTexts(Map.of()))).isEqualTo(PLAIN.readTree(CHAT));
    }

    @Test
    void readJsonRefusesWhatTheBytesParserRefusesWithTheSameErrors() {
        for (String body : new String[] {"", "[1]", "{\"a\":1,\"a\":2}", "{\"a\":1} x", "{\"a\":[[[[1]]]]}",
                "{\"a\":\"" + "x".repeat(21) + "\"}", "{\"model\":"}) {
            RequestException fromBytes = Bodies.reject(SMALL, Endpoint.CHAT_COMPLETIONS, null, utf8(body));
            RequestException fromRead = catchThrowableOfType(RequestException.class, () -> SMALL.readJson(utf8(body)));
            assertThat(fromRead).as(body).isNotNull();
            assertThat(fromRead.status()).as(body).isEqualTo(fromBytes.status());
            assertThat(fromRead.code()).as(body).isEqualTo(fromBytes.code());
            assertThat(fromRead.getMessage()).as(body).isEqualTo(fromBytes.getMessage());
        }
        RequestException tooLarge = catchThrowableOfType(RequestException.class, () -> SMALL.readJson(new byte[10_001]));
        assertThat(tooLarge.status()).isEqualTo(413);
    }

    /** What a translation builds can be deeper or hold longer strings than what the client sent: refused as bytes would be. */
    @Test
    void theTokenizersDepthAndStringLimitsHoldForATree() throws Exception {
        ObjectNode deep = chatTree("hi");
        deep.putArray("extra").addArray().addArray().add(1); // depth 4: the limit
        assertThat(SMALL.parse(Endpoint.CHAT_COMPLETIONS, deep).model()).isEqualTo("chat");
        ObjectNode deeper = chatTree("hi");
        deeper.putArray("extra").addArray().addArray().addArray().add(1); // depth 5
        RequestException tooDeep = catchThrowableOfType(RequestException.class, () -> SMALL.parse(Endpoint.CHAT_COMPLETIONS, deeper));
        assertSameError(tooDeep, PLAIN.writeValueAsString(deeper));

        ObjectNode atLimit = chatTree("x".repeat(20));
        assertThat(SMALL.parse(Endpoint.CHAT_COMPLETIONS, atLimit).texts()).hasSize(1);
        ObjectNode longString = chatTree("x".repeat(21));
        RequestException tooLong = catchThrowableOfType(RequestException.class, () -> SMALL.parse(Endpoint.CHAT_COMPLETIONS, longString));
        assertSameError(tooLong, PLAIN.writeValueAsString(longString));

        ObjectNode tooMany = chatTree("a");
        ArrayNode messages = (ArrayNode) tooMany.get("messages");
        messages.add(messages.get(0).deepCopy()).add(messages.get(0).deepCopy()).add(messages.get(0).deepCopy());
        RequestException many = catchThrowableOfType(RequestException.class, () -> SMALL.parse(Endpoint.CHAT_COMPLETIONS, tooMany));
        assertSameError(many, PLAIN.writeValueAsString(tooMany));
    }

    private static void assertSameError(RequestException fromTree, String sameBodyAsBytes) {
        RequestException fromBytes = Bodies.reject(SMALL, Endpoint.CHAT_COMPLETIONS, null, utf8(sameBodyAsBytes));
        assertThat(fromTree).isNotNull();
        assertThat(fromTree.status()).isEqualTo(fromBytes.status());
        assertThat(fromTree.code()).isEqualTo(fromBytes.code());
        assertThat(fromTree.getMessage()).isEqualTo(fromBytes.getMessage());
    }

    private static ObjectNode chatTree(String text) {
        ObjectNode root = PLAIN.createObjectNode().put("model", "chat");
        root.putArray("messages").addObject().put("role", "user").put("content", text);
        return root;
    }
}
