package dev.modelgate.relay.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.request.Endpoint;
import dev.modelgate.relay.golden.Golden;
import dev.modelgate.relay.providers.CallResult;
import dev.modelgate.relay.providers.RecordingUpstream;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** The adapter's own handling around a Gemini client that answers with recorded Gemini answers. */
class GeminiAdapterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.ofEpochSecond(GeminiAnswersTest.CREATED);
    private static final String KEY = "test-gemini-key";
    private static final String BASE = "https://generativelanguage.googleapis.com/v1beta";

    @Test
    void aChatCallSendsTheTranslatedRequestAndAnswersInOpenAiFormat() throws Exception {
        RecordingUpstream api = new RecordingUpstream(200, Golden.json("gemini/answer-text/gemini-answer.json").toString());
        ObjectNode body = Golden.json("gemini/plain/openai-request.json").put("model", "models/gemini-2.5-flash");

        CallResult result = GeminiAdapter.call(api.at(BASE), Endpoint.CHAT_COMPLETIONS, body, false, KEY, NOW);

        assertThat(api.uri()).hasToString(BASE + "/models/gemini-2.5-flash:generateContent");
        assertThat(api.header("x-goog-api-key")).isEqualTo(KEY);
        Golden.assertJson("gemini/plain/gemini-request.json", JSON.readTree(api.body()));
        ObjectNode answer = (ObjectNode) JSON.readTree(result.answer());
        assertThat(answer.remove("id").asText()).startsWith("chatcmpl-");
        answer.put("id", "chatcmpl-test");
        Golden.assertJson("gemini/answer-text/openai-answer.json", answer);
    }

    @Test
    void aStreamAsksForSseAndIsTranslated() throws Exception {
        RecordingUpstream api = new RecordingUpstream(200, Golden.text("gemini/stream-text/gemini-stream.sse"));

        CallResult result = GeminiAdapter.call(api.at(BASE), Endpoint.CHAT_COMPLETIONS, Golden.json("gemini/plain/openai-request.json"), true, KEY, NOW);
        String stream = new String(result.answer().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(api.uri().getPath()).endsWith(":streamGenerateContent");
        assertThat(api.uri().getQuery()).isEqualTo("alt=sse");
        String id = JSON.readTree(stream.substring("data: ".length(), stream.indexOf('\n'))).get("id").asText();
        Golden.assertSse("gemini/stream-text/openai-stream.sse", stream.replace(id, "chatcmpl-test"));
    }

    @Test
    void aBlockedPromptIsTheCallersContentFilterError() throws Exception {
        RecordingUpstream api = new RecordingUpstream(200, Golden.json("gemini/blocked-prompt/gemini-answer.json").toString());

        CallResult result = GeminiAdapter.call(api.at(BASE), Endpoint.CHAT_COMPLETIONS, Golden.json("gemini/plain/openai-request.json"), false, KEY, NOW);

        assertThat(result.failure().status()).isEqualTo(400);
        assertThat(result.failure().clientError()).isTrue();
        Golden.assertJson("gemini/blocked-prompt/openai-error.json", JSON.readTree(result.failure().body()));
    }

    @Test
    void aRejectedKeyIsTheDeploymentsFaultAndItsBodyIsDropped() {
        RecordingUpstream api = new RecordingUpstream(400, Golden.json("gemini/api-key-invalid/gemini-error.json").toString());

        CallResult result = GeminiAdapter.call(api.at(BASE), Endpoint.CHAT_COMPLETIONS, Golden.json("gemini/plain/openai-request.json"), false, KEY, NOW);

        assertThat(result.failure().status()).isEqualTo(400);
        assertThat(result.failure().clientError()).isFalse();
        assertThat(result.failure().reason()).isEqualTo("provider key rejected");
    }

    @Test
    void anyOtherBadRequestStaysTheCallers() {
        String error = "{\"error\":{\"code\":400,\"message\":\"* GenerateContentRequest.contents: contents is not specified\",\"status\":\"INVALID_ARGUMENT\"}}";

        CallResult result = GeminiAdapter.call(new RecordingUpstream(400, error).at(BASE), Endpoint.CHAT_COMPLETIONS,
                Golden.json("gemini/plain/openai-request.json"), false, KEY, NOW);

        assertThat(result.failure().clientError()).isTrue();
        assertThat(result.failure().body()).isEqualTo(error);
    }

    @Test
    void anUnreadableAnswerFailsTheDeploymentWithoutBlamingTheCaller() {
        CallResult result = GeminiAdapter.call(new RecordingUpstream(200, "<html>gateway</html>").at(BASE), Endpoint.CHAT_COMPLETIONS,
                Golden.json("gemini/plain/openai-request.json"), false, KEY, NOW);

        assertThat(result.failure().status()).isEqualTo(200);
        assertThat(result.failure().reason()).startsWith("unreadable answer (");
        assertThat(result.failure().clientError()).isFalse();
    }

    @Test
    void anUntranslatableRequestIsRejectedWithoutCallingGemini() throws IOException {
        RecordingUpstream api = new RecordingUpstream(200, "{}");
        ObjectNode body = Golden.json("gemini/tools/openai-request.json");
        ((ObjectNode) body.at("/messages/1/tool_calls/0/function")).put("arguments", "{\"city\":");

        CallResult result = GeminiAdapter.call(api.at(BASE), Endpoint.CHAT_COMPLETIONS, body, false, KEY, NOW);

        assertThat(api.request()).isNull();
        assertThat(result.failure().status()).isEqualTo(400);
        assertThat(result.failure().clientError()).isTrue();
        assertThat(JSON.readTree(result.failure().body()).at("/error/message").asText())
                .isEqualTo("The arguments of the call to 'get_weather' are not valid JSON.");
    }

    @Test
    void legacyCompletionsAreRefused() {
        CallResult result = GeminiAdapter.call(new RecordingUpstream(200, "{}").at(BASE), Endpoint.COMPLETIONS,
                JSON.createObjectNode().put("model", "gemini-2.5-flash").put("prompt", "Hi"), false, KEY, NOW);

        assertThat(result.failure().clientError()).isTrue();
        assertThat(result.failure().body()).contains("do not serve /v1/completions");
    }

    @Test
    void embeddingsGoThroughBatchEmbedContents() throws Exception {
        RecordingUpstream api = new RecordingUpstream(200, Golden.json("gemini/embeddings/gemini-answer.json").toString());

        CallResult result = GeminiAdapter.call(api.at(BASE), Endpoint.EMBEDDINGS, Golden.json("gemini/embeddings/openai-request.json"), false, KEY, NOW);

        assertThat(api.uri().getPath()).endsWith(":batchEmbedContents");
        Golden.assertJson("gemini/embeddings/gemini-request.json", JSON.readTree(api.body()));
        Golden.assertJson("gemini/embeddings/openai-answer.json", JSON.readTree(result.answer()));
    }

    @Test
    void base64EmbeddingsAreLittleEndianFloats() throws Exception {
        RecordingUpstream api = new RecordingUpstream(200, Golden.json("gemini/embeddings/gemini-answer.json").toString());
        ObjectNode body = Golden.json("gemini/embeddings/openai-request.json").put("encoding_format", "base64");

        JsonNode answer = JSON.readTree(GeminiAdapter.call(api.at(BASE), Endpoint.EMBEDDINGS, body, false, KEY, NOW).answer());

        ByteBuffer floats = ByteBuffer.wrap(Base64.getDecoder().decode(answer.at("/data/1/embedding").asText())).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new float[]{floats.getFloat(), floats.getFloat(), floats.getFloat()}).containsExactly(-0.75f, 0.5f, 1.0f);
        assertThat(floats.hasRemaining()).isFalse();
    }
}
