package dev.modelgate.relay.providers.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.pricing.Usage;
import dev.modelgate.relay.providers.TranslationException;
import dev.modelgate.relay.sse.SseEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Responses wire format both ways: a request into chat, chat's answer and stream back, and what is read of a pass-through. */
class ResponsesTranslationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode tree(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    /** As a client reads it (Jackson tells a long from an int node of the same value). */
    private static JsonNode normal(JsonNode node) throws Exception {
        return JSON.readTree(node.toString());
    }

    private static ResponseFrame frame(String request) throws Exception {
        return new ResponseFrame("resp_gen-1", 1_700_000_000L, tree(request), null, true);
    }

    @Test
    void aRequestBecomesChatWithToolsFormatEffortAndCap() throws Exception {
        ResponsesRequests.ChatRequest chat = ResponsesRequests.toChat(tree("""
                {"model":"claude","instructions":"Be terse.","stream":true,"max_output_tokens":300,"temperature":0.3,
                 "reasoning":{"effort":"low"},"tool_choice":{"type":"function","name":"weather"},"parallel_tool_calls":false,
                 "text":{"format":{"type":"json_schema","name":"out","strict":true,"schema":{"type":"object"}}},
                 "tools":[{"type":"function","name":"weather","description":"Weather","parameters":{"type":"object"},"strict":true}],
                 "input":[
                   {"role":"user","content":[{"type":"input_text","text":"Weather in Oslo?"},
                                             {"type":"input_image","image_url":"https://x/a.png","detail":"low"}]},
                   {"type":"reasoning","id":"rs_1","summary":[]},
                   {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Checking."}]},
                   {"type":"function_call","call_id":"call_1","name":"weather","arguments":"{\\"city\\":\\"Oslo\\"}"},
                   {"type":"function_call","call_id":"call_2","name":"weather","arguments":"{}"},
                   {"type":"function_call_output","call_id":"call_1","output":"sunny"},
                   {"type":"function_call_output","call_id":"call_2","output":[{"type":"input_text","text":"rain"}]}]}"""));
        assertThat(chat.untranslatable()).isNull();
        assertThat(chat.body()).isEqualTo(JSON.readTree("""
                {"model":"claude","messages":[
                   {"role":"system","content":"Be terse."},
                   {"role":"user","content":[{"type":"text","text":"Weather in Oslo?"},
                                             {"type":"image_url","image_url":{"url":"https://x/a.png","detail":"low"}}]},
                   {"role":"assistant","content":"Checking.","tool_calls":[
                      {"id":"call_1","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Oslo\\"}"}},
                      {"id":"call_2","type":"function","function":{"name":"weather","arguments":"{}"}}]},
                   {"role":"tool","tool_call_id":"call_1","content":"sunny"},
                   {"role":"tool","tool_call_id":"call_2","content":"rain"}],
                 "tools":[{"type":"function","function":{"name":"weather","description":"Weather","parameters":{"type":"object"},"strict":true}}],
                 "tool_choice":{"type":"function","function":{"name":"weather"}},
                 "parallel_tool_calls":false,"temperature":0.3,"max_completion_tokens":300,"reasoning_effort":"low",
                 "response_format":{"type":"json_schema","json_schema":{"name":"out","schema":{"type":"object"},"strict":true}},
                 "stream":true,"stream_options":{"include_usage":true}}"""));
    }

    @Test
    void whatChatCannotCarryIsNamed() throws Exception {
        assertThat(ResponsesRequests.toChat(tree("""
                {"model":"m","input":"x","tools":[{"type":"web_search"}]}""")).untranslatable()).isEqualTo("the web_search tool");
        assertThat(ResponsesRequests.toChat(tree("""
                {"model":"m","input":[{"type":"item_reference","id":"msg_1"}]}""")).untranslatable())
                .isEqualTo("a item_reference item at input[0]");
    }

    @Test
    void aChatAnswerBecomesAResponseWithTextCallsAndUsage() throws Exception {
        JsonNode chat = JSON.readTree("""
                {"id":"gen-1","object":"chat.completion","model":"sim-claude","choices":[{"index":0,"finish_reason":"tool_calls",
                  "message":{"role":"assistant","content":"Let me look.","tool_calls":[
                    {"id":"toolu_1","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Oslo\\"}"}}]}}],
                 "usage":{"prompt_tokens":20,"completion_tokens":7,"total_tokens":27,"prompt_tokens_details":{"cached_tokens":4}}}""");
        ObjectNode response = ResponsesAnswers.fromChat(chat, frame("""
                {"model":"claude","input":"x","instructions":"Be terse.","max_output_tokens":50}"""));
        assertThat(response.path("id").asText()).isEqualTo("resp_gen-1");
        assertThat(response.path("object").asText()).isEqualTo("response");
        assertThat(response.path("status").asText()).isEqualTo("completed");
        assertThat(response.path("model").asText()).isEqualTo("sim-claude");
        assertThat(response.path("instructions").asText()).isEqualTo("Be terse.");
        assertThat(response.path("max_output_tokens").asInt()).isEqualTo(50);
        assertThat(response.path("output")).isEqualTo(JSON.readTree("""
                [{"id":"msg_gen-1","type":"message","status":"completed","role":"assistant",
                  "content":[{"type":"output_text","text":"Let me look.","annotations":[],"logprobs":[]}]},
                 {"id":"fc_gen-1_0","type":"function_call","status":"completed","arguments":"{\\"city\\":\\"Oslo\\"}",
                  "call_id":"toolu_1","name":"weather"}]"""));
        assertThat(normal(response.path("usage"))).isEqualTo(JSON.readTree("""
                {"input_tokens":20,"input_tokens_details":{"cached_tokens":4},"output_tokens":7,
                 "output_tokens_details":{"reasoning_tokens":0},"total_tokens":27}"""));
    }

    @Test
    void anAnswerCutByTheLimitIsIncomplete() throws Exception {
        ObjectNode response = ResponsesAnswers.fromChat(JSON.readTree("""
                {"model":"m","choices":[{"finish_reason":"length","message":{"role":"assistant","content":"Once upon"}}]}"""),
                frame("{\"model\":\"m\",\"input\":\"x\"}"));
        assertThat(response.path("status").asText()).isEqualTo("incomplete");
        assertThat(response.at("/incomplete_details/reason").asText()).isEqualTo("max_output_tokens");
        assertThatThrownBy(() -> ResponsesAnswers.fromChat(JSON.readTree("{\"choices\":[]}"), frame("{\"model\":\"m\",\"input\":\"x\"}")))
                .isInstanceOf(TranslationException.class);
    }

    @Test
    void aChatStreamBecomesTypedEventsEndingInCompletedWithUsage() throws Exception {
        ResponsesStream stream = new ResponsesStream(JSON, frame("{\"model\":\"m\",\"input\":\"x\",\"stream\":true}"), "alias");
        List<SseEvent> out = new ArrayList<>();
        for (String chunk : List.of(
                "{\"model\":\"sim\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}",
                "{\"model\":\"sim\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}",
                "{\"model\":\"sim\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"}}]}",
                "{\"model\":\"sim\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_9\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]}}]}",
                "{\"model\":\"sim\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"a\\\"\"}}]}}]}",
                "{\"model\":\"sim\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\":1}\"}}]}}]}",
                "{\"model\":\"sim\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}",
                "{\"model\":\"sim\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3,\"total_tokens\":8}}",
                "[DONE]")) {
            out.addAll(stream.onEvent(SseEvent.data(chunk)));
        }
        assertThat(out).extracting(SseEvent::event).containsExactly(
                "response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added",
                "response.output_text.delta", "response.output_text.delta",
                "response.output_item.added", "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.function_call_arguments.done", "response.output_item.done",
                "response.completed");
        for (int i = 0; i < out.size(); i++) {
            JsonNode data = JSON.readTree(out.get(i).data());
            assertThat(data.path("type").asText()).isEqualTo(out.get(i).event());
            assertThat(data.path("sequence_number").asInt()).isEqualTo(i);
        }
        JsonNode completed = JSON.readTree(out.get(out.size() - 1).data()).path("response");
        assertThat(completed.at("/output/0/content/0/text").asText()).isEqualTo("Hello");
        assertThat(completed.at("/output/1/arguments").asText()).isEqualTo("{\"a\":1}");
        assertThat(completed.at("/output/1/call_id").asText()).isEqualTo("call_9");
        assertThat(completed.at("/usage/total_tokens").asInt()).isEqualTo(8);
        assertThat(normal(stream.completed())).isEqualTo(completed);
        assertThat(stream.onEnd()).isEmpty();
    }

    @Test
    void aCutOrBrokenStreamEndsWithAnErrorEventNeverACompletion() throws Exception {
        ResponsesStream cut = new ResponsesStream(JSON, frame("{\"model\":\"m\",\"input\":\"x\"}"), "m");
        cut.onEvent(SseEvent.data("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}"));
        List<SseEvent> end = cut.onEnd();
        assertThat(end).extracting(SseEvent::event).containsExactly("error");
        assertThat(cut.completed()).isNull();

        ResponsesStream broken = new ResponsesStream(JSON, frame("{\"model\":\"m\",\"input\":\"x\"}"), "m");
        broken.onEvent(SseEvent.data("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}"));
        List<SseEvent> out = broken.onEvent(SseEvent.data("{\"error\":{\"message\":\"upstream broke\"}}"));
        assertThat(out).extracting(SseEvent::event).containsExactly("error");
        assertThat(JSON.readTree(out.get(0).data()).path("message").asText()).isEqualTo("upstream broke");
        assertThat(broken.onEvent(SseEvent.data("[DONE]"))).as("nothing completes a failed stream").isEmpty();
        assertThat(broken.completed()).isNull();
        assertThat(broken.finished()).isTrue();
    }

    @Test
    void aPassedThroughAnswerAndStreamAreBilledFromTheirUsage() throws Exception {
        ResponsesWire wire = new ResponsesWire();
        assertThat(wire.usage(JSON.readTree("""
                {"object":"response","output":[],"usage":{"input_tokens":10,"input_tokens_details":{"cached_tokens":2},
                 "output_tokens":6,"output_tokens_details":{"reasoning_tokens":4},"total_tokens":16}}""")))
                .isEqualTo(new Usage(10, 2, 0, 0, 6, 4, 0));
        assertThatThrownBy(() -> wire.usage(JSON.readTree("{\"choices\":[]}"))).isInstanceOf(TranslationException.class);

        var meter = wire.stream();
        meter.see(SseEvent.named("response.output_text.delta", "{\"type\":\"response.output_text.delta\",\"delta\":\"Hi \"}"));
        assertThat(meter.finished()).isFalse();
        assertThat(meter.delivered()).isEqualTo("Hi ");
        meter.see(SseEvent.named("response.completed", "{\"type\":\"response.completed\",\"response\":{\"usage\":"
                + "{\"input_tokens\":3,\"output_tokens\":2}}}"));
        assertThat(meter.finished()).isTrue();
        assertThat(meter.usage()).isEqualTo(Usage.tokens(3, 2));
        assertThatThrownBy(() -> wire.stream().see(SseEvent.named("error", "{\"type\":\"error\",\"message\":\"boom\"}")))
                .isInstanceOf(TranslationException.class).hasMessageContaining("boom");
        assertThat(JSON.readTree(wire.broken("cut").data()).path("type").asText()).isEqualTo("error");
    }

    @Test
    void aContinuedConversationPutsTheStoredTurnsFirstAndIsNotStoredUpstream() throws Exception {
        JsonNode storedInput = JSON.readTree("""
                [{"type":"message","id":"msg_a_in0","role":"user","status":"completed","content":[{"type":"input_text","text":"Hi"}]}]""");
        JsonNode storedResponse = JSON.readTree("""
                {"output":[{"type":"reasoning","id":"rs_1","summary":[]},
                           {"type":"message","id":"msg_a","role":"assistant","content":[{"type":"output_text","text":"Hello"}]}]}""");
        ObjectNode continued = ResponsesConversation.continued(tree("""
                {"model":"m","previous_response_id":"resp_a","input":"And now?","store":true}"""),
                ResponsesConversation.history(storedInput, storedResponse));
        assertThat(continued.has("previous_response_id")).isFalse();
        assertThat(continued.path("store").asBoolean()).isFalse();
        assertThat(continued.path("input")).isEqualTo(JSON.readTree("""
                [{"type":"message","role":"user","status":"completed","content":[{"type":"input_text","text":"Hi"}]},
                 {"type":"message","id":"msg_a","role":"assistant","content":[{"type":"output_text","text":"Hello"}]},
                 {"role":"user","content":"And now?"}]"""));
        assertThat(ResponsesConversation.normalized(JSON.readTree("[{\"role\":\"user\",\"content\":\"Hi\"}]"), "b"))
                .isEqualTo(JSON.readTree("""
                [{"role":"user","content":[{"type":"input_text","text":"Hi"}],"type":"message","id":"msg_b_in0","status":"completed"}]"""));
    }
}
