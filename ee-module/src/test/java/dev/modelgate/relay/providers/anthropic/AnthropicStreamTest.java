package dev.modelgate.relay.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.relay.golden.Golden;
import dev.modelgate.relay.providers.TranslationException;
import dev.modelgate.relay.sse.SseEvent;
import dev.modelgate.relay.sse.TranslatingInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static dev.modelgate.relay.providers.anthropic.AnthropicAnswersTest.CREATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnthropicStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** text (with cache reads in the usage); tool-call (two tools, input split across deltas, text before them). */
    @ParameterizedTest
    @ValueSource(strings = {"text", "tool-call"})
    void translatesStreams(String name) throws IOException {
        String openAi = readAll(translating("anthropic/streams/" + name + "/anthropic.sse"));

        Golden.assertSse("anthropic/streams/" + name + "/openai.sse", openAi);
    }

    /**
     * A stream recorded from the wire (CRLF line endings, spaced JSON, thinking and signature deltas,
     * usage repeated in message_delta), read one byte at a time as a slow client would.
     */
    @Test
    void translatesARecordedStreamReadByteByByte() throws IOException {
        InputStream in = translating("anthropic/streams/recorded/anthropic.sse");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            out.write(b);
        }
        String openAi = out.toString(StandardCharsets.UTF_8);

        Golden.assertSse("anthropic/streams/recorded/openai.sse", openAi);
        assertThat(openAi).endsWith("\n\ndata: [DONE]\n\n").doesNotContain("\r");
    }

    @Test
    void splitToolInputJoinsIntoEachToolsArguments() throws IOException {
        String openAi = readAll(translating("anthropic/streams/tool-call/anthropic.sse"));
        StringBuilder[] arguments = {new StringBuilder(), new StringBuilder()};
        for (String block : openAi.split("\n\n")) {
            String data = block.substring("data: ".length());
            if (data.equals("[DONE]")) {
                continue;
            }
            for (JsonNode call : JSON.readTree(data).at("/choices/0/delta/tool_calls")) {
                arguments[call.get("index").asInt()].append(call.at("/function/arguments").asText());
            }
        }

        assertThat(JSON.readTree(arguments[0].toString()))
                .isEqualTo(JSON.readTree("{\"location\":\"San Francisco, CA\",\"unit\":\"fahrenheit\"}"));
        assertThat(JSON.readTree(arguments[1].toString())).isEqualTo(JSON.readTree("{\"location\":\"San Francisco, CA\"}"));
    }

    @Test
    void anErrorEventFailsTheStreamWithTheProvidersReasonAfterWhatCameBefore() throws IOException {
        InputStream in = translating("anthropic/streams/error/anthropic.sse");
        ByteArrayOutputStream passed = new ByteArrayOutputStream();

        assertThatThrownBy(() -> in.transferTo(passed))
                .isInstanceOf(TranslationException.class)
                .hasMessage("Anthropic stream error (overloaded_error): Overloaded");
        assertThat(passed.toString(StandardCharsets.UTF_8)).contains("\"content\":\"Once upon\"").doesNotContain("[DONE]");
    }

    @Test
    void aStreamCutBeforeMessageStopFailsInsteadOfEndingCleanly() throws IOException {
        InputStream in = translating("anthropic/streams/cut/anthropic.sse");
        ByteArrayOutputStream passed = new ByteArrayOutputStream();

        assertThatThrownBy(() -> in.transferTo(passed))
                .isInstanceOf(TranslationException.class)
                .hasMessage("Anthropic stream ended before message_stop");
        assertThat(passed.toString(StandardCharsets.UTF_8)).contains("\"content\":\" a time\"").doesNotContain("[DONE]");
    }

    @Test
    void partialJsonInAnEventFailsTheStream() throws IOException {
        AnthropicStream stream = started();

        assertThatThrownBy(() -> stream.onEvent(SseEvent.named("content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_de")))
                .isInstanceOf(TranslationException.class)
                .hasMessage("Anthropic stream sent an event whose data is not valid JSON");
    }

    @Test
    void contentBeforeMessageStartFailsTheStream() {
        AnthropicStream stream = new AnthropicStream(CREATED);

        assertThatThrownBy(() -> stream.onEvent(SseEvent.named("content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}")))
                .isInstanceOf(TranslationException.class)
                .hasMessage("Anthropic stream sent content_block_delta before message_start");
    }

    @Test
    void isFinishedOnlyAfterMessageStopAndThenEndsWithoutMore() throws IOException {
        AnthropicStream stream = started();
        assertThat(stream.finished()).isFalse();

        assertThat(stream.onEvent(SseEvent.named("message_stop", "{\"type\":\"message_stop\"}")))
                .last().isEqualTo(SseEvent.DONE);
        assertThat(stream.finished()).isTrue();
        assertThat(stream.onEnd()).isEmpty();
    }

    @Test
    void ignoresEventTypesAddedLater() throws IOException {
        AnthropicStream stream = started();

        assertThat(stream.onEvent(SseEvent.named("future_event", "{\"type\":\"future_event\",\"x\":1}"))).isEmpty();
    }

    private static AnthropicStream started() throws IOException {
        AnthropicStream stream = new AnthropicStream(CREATED);
        stream.onEvent(SseEvent.named("message_start", """
                {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],
                 "model":"claude-haiku-4-5","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":1}}}"""));
        return stream;
    }

    private static InputStream translating(String golden) {
        byte[] anthropic = Golden.text(golden).getBytes(StandardCharsets.UTF_8);
        return new TranslatingInputStream(new ByteArrayInputStream(anthropic), new AnthropicStream(CREATED));
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
