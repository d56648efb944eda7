package dev.modelgate.relay.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
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

class AnthropicRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * plain-text: defaults (max_tokens), stream, user, OpenAI-only fields dropped; system-multipart-images:
     * system and developer hoisted, image URL and base64, consecutive user messages merged;
     * tools-round-trip: tools, tool_choice, parallel_tool_calls, assistant tool calls and merged tool results;
     * stop-sequences; json-schema: the JSON-mode instruction with the schema in the system prompt.
     */
    @ParameterizedTest
    @ValueSource(strings = {"plain-text", "system-multipart-images", "tools-round-trip", "stop-sequences", "json-schema"})
    void translatesRequests(String name) throws Exception {
        ObjectNode openAi = Golden.json("anthropic/requests/" + name + "/openai.json");

        Golden.assertJson("anthropic/requests/" + name + "/anthropic.json", AnthropicRequests.toAnthropic(openAi));
    }

    @Test
    void leavesTheOpenAiRequestAsItWasForTheNextDeployment() throws Exception {
        ObjectNode openAi = Golden.json("anthropic/requests/tools-round-trip/openai.json");

        AnthropicRequests.toAnthropic(openAi);

        assertThat(openAi).isEqualTo(Golden.json("anthropic/requests/tools-round-trip/openai.json"));
    }

    @Test
    void aSingleStopStringBecomesAOneElementList() throws Exception {
        ObjectNode anthropic = AnthropicRequests.toAnthropic(request("""
                {"model":"m","messages":[{"role":"user","content":"hi"}],"stop":"END"}"""));

        assertThat(anthropic.get("stop_sequences")).isEqualTo(JSON.readTree("[\"END\"]"));
    }

    @Test
    void jsonObjectModeAsksForJsonInTheSystemPromptWhenThereIsNoOtherSystemText() throws Exception {
        ObjectNode anthropic = AnthropicRequests.toAnthropic(request("""
                {"model":"m","messages":[{"role":"user","content":"List three colours."}],"response_format":{"type":"json_object"}}"""));

        assertThat(anthropic.path("system").asText())
                .isEqualTo("Respond with a single JSON object and nothing else: no text before or after it, no code fences.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"auto\"                                            | {\"type\":\"auto\"}",
            "\"none\"                                            | {\"type\":\"none\"}",
            "\"required\"                                        | {\"type\":\"any\"}",
            "{\"type\":\"function\",\"function\":{\"name\":\"f\"}} | {\"type\":\"tool\",\"name\":\"f\"}"})
    void mapsToolChoice(String openAiChoice, String anthropicChoice) throws Exception {
        ObjectNode anthropic = AnthropicRequests.toAnthropic(request("""
                {"model":"m","messages":[{"role":"user","content":"hi"}],
                 "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],
                 "tool_choice":%s}""".formatted(openAiChoice)));

        assertThat(anthropic.get("tool_choice")).isEqualTo(JSON.readTree(anthropicChoice));
    }

    @Test
    void toolChoiceIsLeftOutWithoutTools() throws Exception {
        ObjectNode anthropic = AnthropicRequests.toAnthropic(request("""
                {"model":"m","messages":[{"role":"user","content":"hi"}],"tool_choice":"auto"}"""));

        assertThat(anthropic.has("tool_choice")).isFalse();
        assertThat(anthropic.has("tools")).isFalse();
    }

    @Test
    void maxCompletionTokensWinsOverTheOlderMaxTokens() throws Exception {
        ObjectNode anthropic = AnthropicRequests.toAnthropic(request("""
                {"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":10,"max_completion_tokens":20}"""));

        assertThat(anthropic.get("max_tokens").asInt()).isEqualTo(20);
    }

    @Test
    void refusesInvalidToolCallArguments() {
        ObjectNode openAi = request("""
                {"model":"m","messages":[
                  {"role":"user","content":"weather?"},
                  {"role":"assistant","tool_calls":[{"id":"call_1","type":"function",
                    "function":{"name":"get_weather","arguments":"{\\"city\\": \\"Par"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"sunny"}]}""");

        assertThatThrownBy(() -> AnthropicRequests.toAnthropic(openAi))
                .isInstanceOf(TranslationException.class)
                .hasMessage("messages[1].tool_calls[0]: function.arguments is not valid JSON");
    }

    @Test
    void refusesToolCallArgumentsThatAreNotAnObject() {
        ObjectNode openAi = request("""
                {"model":"m","messages":[{"role":"assistant","tool_calls":[{"id":"call_1","type":"function",
                    "function":{"name":"f","arguments":"[1,2]"}}]}]}""");

        assertThatThrownBy(() -> AnthropicRequests.toAnthropic(openAi))
                .isInstanceOf(TranslationException.class)
                .hasMessage("messages[0].tool_calls[0]: function.arguments must be a JSON object");
    }

    @Test
    void refusesMoreThanOneChoice() {
        ObjectNode openAi = request("""
                {"model":"m","messages":[{"role":"user","content":"hi"}],"n":2}""");

        assertThatThrownBy(() -> AnthropicRequests.toAnthropic(openAi))
                .isInstanceOf(TranslationException.class)
                .hasMessageStartingWith("n:");
    }

    @Test
    void refusesContentPartsAnthropicCannotTake() {
        ObjectNode openAi = request("""
                {"model":"m","messages":[{"role":"user","content":[
                  {"type":"input_audio","input_audio":{"data":"UklGRg==","format":"wav"}}]}]}""");

        assertThatThrownBy(() -> AnthropicRequests.toAnthropic(openAi))
                .isInstanceOf(TranslationException.class)
                .hasMessage("messages[0].content[0]: content part type 'input_audio' is not supported by Anthropic");
    }

    @Test
    void refusesADataUrlThatIsNotBase64WithoutQuotingIt() {
        ObjectNode openAi = request("""
                {"model":"m","messages":[{"role":"user","content":[
                  {"type":"image_url","image_url":{"url":"data:image/svg+xml,<svg>secret-ish</svg>"}}]}]}""");

        assertThatThrownBy(() -> AnthropicRequests.toAnthropic(openAi))
                .isInstanceOf(TranslationException.class)
                .hasMessageContaining("must be base64-encoded")
                .hasMessageNotContaining("<svg>");
    }

    private static ObjectNode request(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return (ObjectNode) node;
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** OpenRouter's cache_control on content parts becomes Anthropic's, on system and message blocks alike. */
    @Test
    void cacheControlOnContentPartsReachesAnthropicsBlocks() throws Exception {
        ObjectNode anthropic = AnthropicRequests.toAnthropic((ObjectNode) JSON.readTree("""
                {"model": "m", "max_tokens": 100, "messages": [
                  {"role": "system", "content": [{"type": "text", "text": "Long instructions", "cache_control": {"type": "ephemeral", "ttl": "1h"}},
                                                 {"type": "text", "text": "Be brief."}]},
                  {"role": "user", "content": [{"type": "text", "text": "A long document", "cache_control": {"type": "ephemeral"}},
                                               {"type": "text", "text": "Summarise it"}]}]}"""));

        assertThat(anthropic.path("system")).isEqualTo(JSON.readTree("""
                [{"type": "text", "text": "Long instructions", "cache_control": {"type": "ephemeral", "ttl": "1h"}},
                 {"type": "text", "text": "Be brief."}]"""));
        assertThat(anthropic.at("/messages/0/content")).isEqualTo(JSON.readTree("""
                [{"type": "text", "text": "A long document", "cache_control": {"type": "ephemeral"}},
                 {"type": "text", "text": "Summarise it"}]"""));
    }

    @Test
    void reasoningEffortBecomesAThinkingBudgetWithinMaxTokens() throws Exception {
        assertThat(AnthropicRequests.toAnthropic((ObjectNode) JSON.readTree(
                "{\"model\":\"m\",\"max_tokens\":10000,\"reasoning_effort\":\"medium\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .path("thinking")).isEqualTo(JSON.readTree("{\"type\":\"enabled\",\"budget_tokens\":5000}"));
        assertThat(AnthropicRequests.toAnthropic((ObjectNode) JSON.readTree(
                "{\"model\":\"m\",\"reasoning_effort\":\"low\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .path("thinking").path("budget_tokens").asInt()).as("20 % of the default 4096 is below Anthropic's minimum").isEqualTo(1024);
        assertThat(AnthropicRequests.toAnthropic((ObjectNode) JSON.readTree(
                "{\"model\":\"m\",\"max_tokens\":8000,\"reasoning\":{\"max_tokens\":3000},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .path("thinking").path("budget_tokens").asInt()).isEqualTo(3000);
        assertThat(AnthropicRequests.toAnthropic((ObjectNode) JSON.readTree(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).has("thinking")).isFalse();
        assertThatThrownBy(() -> AnthropicRequests.toAnthropic((ObjectNode) JSON.readTree(
                "{\"model\":\"m\",\"max_tokens\":1000,\"reasoning_effort\":\"high\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")))
                .hasMessageStartingWith("reasoning_effort: ");
    }
}
