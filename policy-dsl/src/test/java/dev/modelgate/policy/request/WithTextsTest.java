package dev.modelgate.policy.request;

import static dev.modelgate.policy.request.Bodies.chat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WithTextsTest {

    private static final ObjectMapper PLAIN = new ObjectMapper();

    private static final String BODY = """
            {"model":"gpt-4o","temperature":0.70,"top_p":1.0,"seed":12345678901234567890,
             "messages":[
              {"role":"system","content":"你好，世界 — مرحبا بالعالم 👋🏽"},
              {"role":"user","content":[{"type":"text","text":"card 4111 1111 1111 1111 🙂"},
                                        {"type":"text","text":"keep me ✓"}]},
              {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function",
                "function":{"name":"pay","arguments":"{\\"card\\":\\"4111111111111111\\"}"}}]}],
             "metadata":{"note":"Ünïcödé"},"empty":{},"list":[1,2.50,true,null,"\\u0000"]}""";

    @Test
    void onlyTheReplacedNodesChangeAndNonAsciiSurvives() throws Exception {
        ParsedRequest r = chat(BODY);
        byte[] out = r.withTexts(Map.of(
                "/messages/1/content/0/text", "card [REDACTED] 🙂 日本",
                "/messages/2/tool_calls/0/function/arguments", "{\"card\":\"[REDACTED]\"}"));

        JsonNode before = PLAIN.readTree(BODY.getBytes(StandardCharsets.UTF_8));
        JsonNode after = PLAIN.readTree(out);
        ObjectNode expected = before.deepCopy();
        ((ObjectNode) expected.at("/messages/1/content/0")).put("text", "card [REDACTED] 🙂 日本");
        ((ObjectNode) expected.at("/messages/2/tool_calls/0/function")).put("arguments", "{\"card\":\"[REDACTED]\"}");
        assertThat(after).isEqualTo(expected);
        assertThat(after.at("/messages/0/content").textValue()).isEqualTo("你好，世界 — مرحبا بالعالم 👋🏽");
        // numbers keep their exact literal form, not a double's
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(text).contains("\"temperature\":0.70").contains("\"top_p\":1.0")
                .contains("12345678901234567890").contains("2.50");
        // key order is preserved
        assertThat(text.indexOf("\"model\"")).isLessThan(text.indexOf("\"messages\""));
        assertThat(text.indexOf("\"messages\"")).isLessThan(text.indexOf("\"metadata\""));

        ParsedRequest again = Bodies.PARSER.parse(Endpoint.CHAT_COMPLETIONS, "application/json", out);
        assertThat(again.texts()).extracting(TextPart::text).containsExactly(
                "你好，世界 — مرحبا بالعالم 👋🏽", "card [REDACTED] 🙂 日本", "keep me ✓", "{\"card\":\"[REDACTED]\"}");
    }

    @Test
    void theParsedRequestItselfIsNotChanged() throws Exception {
        ParsedRequest r = chat(BODY);
        r.withTexts(Map.of("/messages/0/content", "x"));
        byte[] second = r.withTexts(Map.of("/messages/1/content/1/text", "y"));
        assertThat(PLAIN.readTree(second).at("/messages/0/content").textValue()).startsWith("你好");
        assertThat(r.texts().get(0).text()).startsWith("你好");
    }

    @Test
    void arrayElementsOfPromptAndInputCanBeReplaced() throws Exception {
        ParsedRequest r = Bodies.parse(Endpoint.EMBEDDINGS, """
                {"model":"text-embedding-3-small","input":["a","b","c"]}""");
        byte[] out = r.withTexts(Map.of("/input/1", "β"));
        assertThat(new String(out, StandardCharsets.UTF_8))
                .isEqualTo("{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"β\",\"c\"]}");
    }

    @Test
    void emptyReplacementReturnsTheOriginalBytes() throws Exception {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        ParsedRequest r = Bodies.PARSER.parse(Endpoint.CHAT_COMPLETIONS, "application/json", body);
        assertThat(r.withTexts(Map.of())).isEqualTo(body).isNotSameAs(body);
    }

    @Test
    void pointersThatAreNotTextsAreRefused() throws Exception {
        ParsedRequest r = chat(BODY);
        assertThatThrownBy(() -> r.withTexts(Map.of("/model", "gpt-4o-mini")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.withTexts(Map.of("/messages/9/content", "x")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
