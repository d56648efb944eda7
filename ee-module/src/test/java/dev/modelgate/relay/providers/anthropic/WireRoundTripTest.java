package dev.modelgate.relay.providers.anthropic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.relay.providers.CacheMarks;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anthropic's Messages format to OpenAI's and back: the two directions, written in two places, must agree. What
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

    /**
     * Claude Code marks its system prompt, its tools and the conversation's last turns for caching. Crossing to chat
     * (OpenRouter's parts, LiteLLM's tools) and back to an Anthropic deployment keeps every breakpoint where it was,
     * so a request failed over or translated still reads the cache.
     */
    @Test
    void cacheBreakpointsComeBackWhereTheClientPutThem() throws Exception {
        ObjectNode sent = (ObjectNode) json.readTree("""
                {"model": "claude", "max_tokens": 512,
                 "system": [{"type": "text", "text": "You are a coding agent."},
                            {"type": "text", "text": "Project rules ...", "cache_control": {"type": "ephemeral", "ttl": "1h"}}],
                 "tools": [{"name": "read_file", "description": "Reads a file",
                            "input_schema": {"type": "object", "properties": {"path": {"type": "string"}}},
                            "cache_control": {"type": "ephemeral"}}],
                 "messages": [
                   {"role": "user", "content": [{"type": "text", "text": "Read it"},
                     {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="},
                      "cache_control": {"type": "ephemeral"}}]},
                   {"role": "assistant", "content": [{"type": "text", "text": "Reading.", "cache_control": {"type": "ephemeral"}},
                     {"type": "tool_use", "id": "toolu_1", "name": "read_file", "input": {"path": "a.py"}}]},
                   {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "print(1)",
                     "cache_control": {"type": "ephemeral"}},
                     {"type": "text", "text": "Now fix it", "cache_control": {"type": "ephemeral", "ttl": "5m"}}]}]}
                """);

        assertThat(roundTrip(sent)).isEqualTo(sent);
    }

    @Test
    void anOpenAiDeploymentIsSentTheTranslationWithoutBreakpoints() throws Exception {
        ObjectNode sent = (ObjectNode) json.readTree("""
                {"model": "claude", "max_tokens": 64,
                 "system": [{"type": "text", "text": "Rules", "cache_control": {"type": "ephemeral"}}],
                 "tools": [{"name": "t", "input_schema": {"type": "object"}, "cache_control": {"type": "ephemeral"}}],
                 "messages": [{"role": "user", "content": [{"type": "text", "text": "hi", "cache_control": {"type": "ephemeral"}}]}]}
                """);
        ObjectNode chat = toOpenAi.toOpenAi(sent).body();
        ObjectNode forOpenAi = CacheMarks.without(chat);

        assertThat(chat.toString()).as("the translation keeps them for Anthropic").contains("cache_control");
        assertThat(forOpenAi.toString()).doesNotContain("cache_control");
        assertThat(forOpenAi.path("messages").get(1).path("content").get(0).path("text").asText()).isEqualTo("hi");
        assertThat(chat.toString()).as("the shared tree is not changed").contains("cache_control");
        ObjectNode unmarked = (ObjectNode) json.readTree("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(CacheMarks.without(unmarked)).as("no copy without a mark").isSameAs(unmarked);
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
