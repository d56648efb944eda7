package dev.modelgate.relay.providers.gemini;

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

class GeminiRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"plain", "system-images", "tools", "json-schema"})
    void translatesOpenAiRequestsToGemini(String golden) throws Exception {
        ObjectNode openAi = Golden.json("gemini/" + golden + "/openai-request.json");
        String before = openAi.toString();

        Golden.assertJson("gemini/" + golden + "/gemini-request.json", GeminiRequests.chat(openAi));

        assertThat(openAi.toString()).as("the request is shared across deployments").isEqualTo(before);
    }

    @ParameterizedTest
    @CsvSource({"auto, AUTO", "none, NONE", "required, ANY"})
    void mapsToolChoiceModes(String choice, String mode) throws Exception {
        ObjectNode gemini = GeminiRequests.chat(request("\"tool_choice\":\"" + choice + "\""));

        assertThat(gemini.at("/toolConfig/functionCallingConfig/mode").asText()).isEqualTo(mode);
        assertThat(gemini.at("/toolConfig/functionCallingConfig").has("allowedFunctionNames")).isFalse();
    }

    @Test
    void jsonObjectModeAsksForJsonWithoutSchema() throws Exception {
        ObjectNode gemini = GeminiRequests.chat(request("\"response_format\":{\"type\":\"json_object\"}"));

        assertThat(gemini.get("generationConfig").toString()).isEqualTo("{\"responseMimeType\":\"application/json\"}");
    }

    @Test
    void invalidToolCallArgumentsAreRejected() {
        ObjectNode openAi = request("\"tool_choice\":\"auto\"");
        openAi.withArray("messages").add(json("""
                {"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"lookup","arguments":"{\\"q\\": "}}]}"""));

        assertThatThrownBy(() -> GeminiRequests.chat(openAi))
                .isInstanceOf(TranslationException.class)
                .hasMessage("The arguments of the call to 'lookup' are not valid JSON.");
    }

    @Test
    void aToolResultForAnUnknownCallIsRejected() {
        ObjectNode openAi = request("\"n\":1");
        openAi.withArray("messages").add(json("{\"role\":\"tool\",\"tool_call_id\":\"call_nowhere\",\"content\":\"42\"}"));

        assertThatThrownBy(() -> GeminiRequests.chat(openAi))
                .isInstanceOf(TranslationException.class)
                .hasMessageContaining("call_nowhere");
    }

    @Test
    void nonBase64DataUrlsAreRejected() {
        ObjectNode openAi = request("\"n\":1");
        openAi.withArray("messages").add(json("""
                {"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/svg+xml,<svg/>"}}]}"""));

        assertThatThrownBy(() -> GeminiRequests.chat(openAi)).isInstanceOf(TranslationException.class);
    }

    @ParameterizedTest
    @CsvSource({
            "https://x.example/a/photo.JPG, image/jpeg",
            "https://x.example/a/scan.pdf#page=2, application/pdf",
            "https://x.example/a.png/render, image/jpeg",
            "https://x.example/a/anim.gif?v=1.2, image/gif"})
    void guessesMediaTypesFromThePath(String url, String type) {
        assertThat(GeminiMedia.guessType(url)).isEqualTo(type);
    }

    private static ObjectNode request(String extra) {
        return json("{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]," + extra + "}");
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
