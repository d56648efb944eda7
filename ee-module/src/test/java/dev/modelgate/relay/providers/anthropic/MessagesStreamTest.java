package dev.modelgate.relay.providers.anthropic;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.relay.golden.Golden;
import dev.modelgate.relay.sse.SseEvent;
import dev.modelgate.relay.sse.TranslatingOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MessagesStreamTest {

    private final ObjectMapper json = new ObjectMapper();

    /** Writes the relay's OpenAI stream in small uneven pieces, as a socket might deliver it, then closes like the resource. */
    private String translate(String openAi, String messageId) throws IOException {
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        TranslatingOutputStream out = new TranslatingOutputStream(client,
                new MessagesStream(json, messageId, "fallback-model", List.of("END")));
        byte[] bytes = openAi.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += 7) {
            out.write(bytes, i, Math.min(7, bytes.length - i));
            out.flush();
        }
        out.close();
        return client.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource({
            "text, msg_gen-stream-1",
            "tool-call, msg_gen-stream-2",
            "mid-stream-error, msg_gen-stream-3",
            "cut, msg_gen-stream-4",
            "no-usage, msg_gen-stream-5",
            "stop-sequence, msg_gen-stream-6",
    })
    void translatesOpenAiStreamsIntoAnthropicEvents(String name, String messageId) throws IOException {
        String anthropic = translate(Golden.text("messages/stream/" + name + ".openai.sse"), messageId);
        Golden.assertSse("messages/stream/" + name + ".anthropic.sse", anthropic);
    }

    @Test
    void aBrokenOrCutStreamNeverEndsWithMessageStop() throws IOException {
        for (String name : List.of("mid-stream-error", "cut")) {
            String anthropic = translate(Golden.text("messages/stream/" + name + ".openai.sse"), "msg_x");
            assertThat(anthropic).doesNotContain("message_stop").endsWith("}\n\n");
            assertThat(anthropic.substring(anthropic.lastIndexOf("event: "))).startsWith("event: error\n");
        }
    }

    @Test
    void messageDeltaWaitsForTheUsageChunkThatFollowsTheFinishChunk() {
        MessagesStream stream = new MessagesStream(json, "msg_x", "m", List.of());
        stream.onEvent(SseEvent.data("{\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"finish_reason\":null}]}"));
        List<SseEvent> finish = stream.onEvent(SseEvent.data("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}"));
        assertThat(finish).extracting(SseEvent::event).containsExactly("content_block_stop");
        List<SseEvent> usage = stream.onEvent(SseEvent.data("{\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}"));
        assertThat(usage).extracting(SseEvent::event).containsExactly("message_delta");
        assertThat(usage.get(0).data()).contains("\"output_tokens\":1", "\"input_tokens\":3");
        assertThat(stream.onEvent(SseEvent.DONE)).extracting(SseEvent::event).containsExactly("message_stop");
        assertThat(stream.finished()).isTrue();
        assertThat(stream.onEnd()).isEmpty();
    }

    @Test
    void argumentsForAToolCallWhoseBlockIsClosedEndTheStreamWithAnErrorRatherThanLoseThem() {
        MessagesStream stream = new MessagesStream(json, "msg_x", "m", List.of());
        stream.onEvent(SseEvent.data("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"f\",\"arguments\":\"{\"}}]}}]}"));
        stream.onEvent(SseEvent.data("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"b\",\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}}]}}]}"));
        List<SseEvent> late = stream.onEvent(SseEvent.data("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"}\"}}]}}]}"));
        assertThat(late).extracting(SseEvent::event).containsExactly("error");
        assertThat(stream.finished()).isTrue();
        assertThat(stream.onEvent(SseEvent.DONE)).isEmpty();
    }

    @Test
    void anErrorBeforeAnyChunkIsTheOnlyEvent() {
        MessagesStream stream = new MessagesStream(json, "msg_x", "m", List.of());
        List<SseEvent> out = stream.onEvent(SseEvent.data("{\"error\":{\"message\":\"boom\",\"type\":\"upstream_error\"}}"));
        assertThat(out).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo("error");
            assertThat(e.data()).isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}");
        });
    }
}
