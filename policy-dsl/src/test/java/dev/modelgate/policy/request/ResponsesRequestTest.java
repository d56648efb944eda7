package dev.modelgate.policy.request;

import static dev.modelgate.policy.request.Bodies.parse;
import static dev.modelgate.policy.request.Bodies.reject;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponsesRequestTest {

    @Test
    void stringInputWithInstructions() throws Exception {
        ParsedRequest r = parse(Endpoint.RESPONSES, """
                {"model":"gpt-4.1","instructions":"Be terse.","input":"Hello","max_output_tokens":64,"temperature":0.2}""");
        assertThat(r.endpoint()).isEqualTo(Endpoint.RESPONSES);
        assertThat(r.model()).isEqualTo("gpt-4.1");
        assertThat(r.texts()).containsExactly(new TextPart("/instructions", "Be terse."), new TextPart("/input", "Hello"));
        assertThat(r.messageCount()).isEqualTo(2); // the instructions count as a system message does in chat
        assertThat(r.maxOutputTokens()).isEqualTo(64);
        assertThat(r.stream()).isFalse();
        assertThat(r.includeUsage()).isFalse();
        assertThat(r.usesTools()).isFalse();
        assertThat(r.jsonMode()).isFalse();
        assertThat(r.parameters()).containsExactlyInAnyOrder("model", "instructions", "input", "max_output_tokens", "temperature");
    }

    @Test
    void itemsWithToolCallsOutputsAndParts() throws Exception {
        ParsedRequest r = parse(Endpoint.RESPONSES, """
                {"model":"m","stream":true,"input":[
                  {"role":"developer","content":"Use tools."},
                  {"type":"message","role":"user","content":[
                     {"type":"input_text","text":"What is the weather?"},
                     {"type":"input_image","image_url":"https://example.com/a.png","detail":"low"}]},
                  {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"think"}]},
                  {"type":"function_call","call_id":"call_1","name":"weather","arguments":"{\\"city\\":\\"Oslo\\"}"},
                  {"type":"function_call_output","call_id":"call_1","output":"sunny"},
                  {"type":"message","role":"assistant","content":[{"type":"output_text","text":"It is sunny."}]}],
                 "tools":[{"type":"function","name":"weather","parameters":{"type":"object"}}]}""");
        assertThat(r.texts()).containsExactly(
                new TextPart("/input/0/content", "Use tools."),
                new TextPart("/input/1/content/0/text", "What is the weather?"),
                new TextPart("/input/2/summary/0/text", "think"),
                new TextPart("/input/3/arguments", "{\"city\":\"Oslo\"}"),
                new TextPart("/input/4/output", "sunny"),
                new TextPart("/input/5/content/0/text", "It is sunny."));
        assertThat(r.images()).containsExactly(new ImagePart("/input/1/content/1", "low", 0, 0));
        assertThat(r.messageCount()).isEqualTo(6);
        assertThat(r.usesTools()).isTrue();
        assertThat(r.toolDefinitions()).contains("\"weather\"");
        assertThat(r.stream()).isTrue();
        assertThat(r.includeUsage()).as("a Responses stream always ends with its usage").isTrue();
    }

    @Test
    void jsonSchemaFormatIsJsonMode() throws Exception {
        ParsedRequest r = parse(Endpoint.RESPONSES, """
                {"model":"m","input":"x","text":{"format":{"type":"json_schema","name":"out","schema":{"type":"object"}}},
                 "reasoning":{"effort":"low"},"store":false,"previous_response_id":"resp_1"}""");
        assertThat(r.jsonMode()).isTrue();
        assertThat(parse(Endpoint.RESPONSES, """
                {"model":"m","input":"x","text":{"format":{"type":"text"}}}""").jsonMode()).isFalse();
    }

    @Test
    void redactionRewritesTheClientsOwnBody() throws Exception {
        ParsedRequest r = parse(Endpoint.RESPONSES, """
                {"model":"m","input":[{"role":"user","content":[{"type":"input_text","text":"my key sk-1"}]},
                 {"type":"function_call_output","call_id":"c","output":"sk-2"}]}""");
        String out = new String(r.withTexts(Map.of("/input/0/content/0/text", "my key [REDACTED]",
                "/input/1/output", "[REDACTED]")), StandardCharsets.UTF_8);
        assertThat(out).contains("\"text\":\"my key [REDACTED]\"").contains("\"output\":\"[REDACTED]\"")
                .doesNotContain("sk-1").doesNotContain("sk-2");
    }

    @Test
    void anEmptyInputIsAllowedOnlyAfterAPreviousResponse() throws Exception {
        assertThat(parse(Endpoint.RESPONSES, """
                {"model":"m","input":[],"previous_response_id":"resp_1"}""").texts()).isEmpty();
        assertThat(reject(Endpoint.RESPONSES, """
                {"model":"m","input":[]}""").param()).isEqualTo("input");
    }

    @Test
    void refusesWhatItCannotReadWithTheParamNamed() {
        assertThat(reject(Endpoint.RESPONSES, """
                {"model":"m"}""").param()).isEqualTo("input");
        assertThat(reject(Endpoint.RESPONSES, """
                {"model":"m","input":42}""").param()).isEqualTo("input");
        RequestException unknownItem = reject(Endpoint.RESPONSES, """
                {"model":"m","input":[{"type":"web_search_call","id":"x","query":"secret"}]}""");
        assertThat(unknownItem.param()).isEqualTo("input[0].type");
        assertThat(unknownItem.code()).isEqualTo("unsupported_input_item");
        assertThat(reject(Endpoint.RESPONSES, """
                {"model":"m","input":[{"role":"robot","content":"x"}]}""").param()).isEqualTo("input[0].role");
        assertThat(reject(Endpoint.RESPONSES, """
                {"model":"m","input":[{"type":"function_call","call_id":"c","name":"f"}]}""").param())
                .isEqualTo("input[0].arguments");
        assertThat(reject(Endpoint.RESPONSES, """
                {"model":"m","input":[{"role":"user","content":[{"type":"input_video","url":"x"}]}]}""").param())
                .isEqualTo("input[0].content[0].type");
        assertThat(reject(Endpoint.RESPONSES, """
                {"model":"m","input":"x","text":{"format":{"type":"yaml"}}}""").param()).isEqualTo("text.format.type");
        assertThat(reject(Endpoint.RESPONSES, """
                {"model":"m","input":"x","text":{"format":{"type":"json_schema","name":"n"}}}""").param())
                .isEqualTo("text.format.schema");
        assertThat(reject(Endpoint.RESPONSES, """
                {"model":"m","input":"x","reasoning":{"effort":"huge"}}""").param()).isEqualTo("reasoning.effort");
        assertThat(reject(Endpoint.RESPONSES, """
                {"model":"m","input":"x","max_output_tokens":-1}""").param()).isEqualTo("max_output_tokens");
        assertThat(reject(Endpoint.RESPONSES, """
                {"model":"m","input":"x","previous_response_id":7}""").param()).isEqualTo("previous_response_id");
    }

    @Test
    void theEndpointIsFoundByItsPathAndGeneratesText() {
        assertThat(Endpoint.fromPath("/v1/responses")).contains(Endpoint.RESPONSES);
        assertThat(Endpoint.fromPath("/v1/responses/resp_1")).isEmpty();
        assertThat(Endpoint.RESPONSES.generatesText()).isTrue();
        assertThat(Endpoint.EMBEDDINGS.generatesText()).isFalse();
    }
}
