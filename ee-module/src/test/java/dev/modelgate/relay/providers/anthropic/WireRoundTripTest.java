package dev.modelgate.relay.providers.anthropic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.request.MessagesRequests;
import dev.modelgate.policy.request.OpenAiChatRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anthropic's Messages format to OpenAI's and back: the two directions, written in two places (the request's
 * reading in the policy language, which gateway nodes share, and the way to Anthropic deployments here), must agree. What
 * both formats can carry (a system prompt, text, images, tool definitions and choice, tool calls and results,
 * stop sequences, sampling, the user id) comes back as it was sent. What OpenAI's format cannot carry is named by
 * the first direction ({@code MessagesRequestsTest}), and such a request only ever reaches Anthropic as it was sent.
 */
class WireRoundTripTest {

    private final ObjectMapper json = new ObjectMapper();
    private final MessagesRequests toOpenAi = new MessagesRequests(json);

    private ObjectNode roundTrip(ObjectNode anthropic) throws Exception {
        OpenAiChatRequest openAi = toOpenAi.toOpenAi(anthropic);
        assertThat(openAi.untranslatable()).as("everything in this body has an OpenAI form").isNull();
        return AnthropicRequests.toAnthropic(openAi.body());
    }

    @Test
    void whatBothFormatsCarryComesBackUnchanged() throws Exception {
        ObjectNode sent = (ObjectNode) json.readTree("""
                {"model": "claude", "max_tokens": 512, "system": "Be brief.", "temperature": 0.5, "top_p": 0.9,
                 "stop_sequences": ["END"], "metadata": {"user_id": "user-7"},
                 "tools": [{"name": "read_file", "description": "Reads a file",
                            "input_schema": {"type": "object", "properties": {"path": {"type": "string"}}}}],
                 "tool_choice": {"type": "tool", "name": "read_file", "disable_parallel_tool_use": true},
                 "messages": [
                   {"role": "user", "content": [{"type": "text", "text": "Read it"},
                     {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}}]},
                   {"role": "assistant", "content": [{"type": "text", "text": "Reading."},
                     {"type": "tool_use", "id": "toolu_1", "name": "read_file", "input": {"path": "a.py"}}]},
                   {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "print(1)"}]}]}
                """);

        assertThat(roundTrip(sent)).isEqualTo(sent);
    }

    @Test
    void aStreamedRequestStaysStreamed() throws Exception {
        ObjectNode sent = (ObjectNode) json.readTree("""
                {"model": "claude", "max_tokens": 64, "stream": true, "messages": [{"role": "user", "content": [{"type": "text", "text": "hi"}]}]}
                """);
        ObjectNode back = roundTrip(sent);
        assertThat(back.path("stream").asBoolean()).isTrue();
        assertThat(back.path("messages")).isEqualTo(sent.path("messages"));
    }
}
