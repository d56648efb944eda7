package dev.modelgate.relay.providers.gemini;

import dev.modelgate.relay.golden.Golden;
import dev.modelgate.relay.providers.TranslationException;
import dev.modelgate.relay.sse.TranslatingInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GeminiStreamTest {

    @ParameterizedTest
    @ValueSource(strings = {"stream-text", "stream-function-call"})
    void translatesGeminiStreamsToOpenAiChunks(String golden) throws IOException {
        String openAi = translate("gemini/" + golden + "/gemini-stream.sse", new ByteArrayOutputStream());

        Golden.assertSse("gemini/" + golden + "/openai-stream.sse", openAi);
        assertThat(openAi).endsWith("data: [DONE]\n\n");
    }

    @Test
    void aStreamEndingWithoutFinishReasonIsNotACleanEnd() {
        ByteArrayOutputStream forwarded = new ByteArrayOutputStream();

        assertThatThrownBy(() -> translate("gemini/stream-no-finish/gemini-stream.sse", forwarded))
                .isInstanceOf(TranslationException.class)
                .hasMessage("The provider's stream ended before the answer was complete.");
        assertThat(forwarded.toString(StandardCharsets.UTF_8)).contains("\", yellow\"").doesNotContain("[DONE]");
    }

    @Test
    void aMidStreamErrorObjectEndsTheStreamWithItsMessage() {
        ByteArrayOutputStream forwarded = new ByteArrayOutputStream();

        assertThatThrownBy(() -> translate("gemini/stream-error/gemini-stream.sse", forwarded))
                .isInstanceOf(TranslationException.class)
                .hasMessage("The provider reported an error: The model is overloaded. Please try again later. (UNAVAILABLE)");
        assertThat(forwarded.toString(StandardCharsets.UTF_8)).contains("\"Red\"").doesNotContain("[DONE]");
    }

    @Test
    void partialJsonEndsTheStream() {
        assertThatThrownBy(() -> translate("gemini/stream-partial-json/gemini-stream.sse", new ByteArrayOutputStream()))
                .isInstanceOf(TranslationException.class)
                .hasMessage("The provider's stream sent an event that is not valid JSON.");
    }

    @Test
    void aPromptBlockedAtTheStartOfAStreamSaysSo() {
        String blocked = "data: " + Golden.json("gemini/blocked-prompt/gemini-answer.json") + "\r\n\r\n";

        assertThatThrownBy(() -> readAll(new ByteArrayInputStream(blocked.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream()))
                .isInstanceOf(TranslationException.class)
                .hasMessage("The provider's safety filter blocked the prompt (SAFETY).");
    }

    /** Reads the translated stream the way the relay does, keeping what was forwarded before any failure. */
    private static String translate(String golden, ByteArrayOutputStream forwarded) throws IOException {
        InputStream gemini = new ByteArrayInputStream(Golden.text(golden).getBytes(StandardCharsets.UTF_8));
        return readAll(gemini, forwarded);
    }

    private static String readAll(InputStream gemini, ByteArrayOutputStream forwarded) throws IOException {
        try (InputStream openAi = new TranslatingInputStream(gemini,
                new GeminiStream("chatcmpl-test", "gemini-requested", GeminiAnswersTest.CREATED))) {
            openAi.transferTo(forwarded);
        }
        return forwarded.toString(StandardCharsets.UTF_8);
    }
}
