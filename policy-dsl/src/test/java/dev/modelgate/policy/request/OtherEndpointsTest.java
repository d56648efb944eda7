package dev.modelgate.policy.request;

import static dev.modelgate.policy.request.Bodies.parse;
import static dev.modelgate.policy.request.Bodies.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OtherEndpointsTest {

    static final String BOUNDARY = "----modelgateTestBoundary7MA4YWxkTrZu0gW";
    static final byte[] AUDIO = {0x52, 0x49, 0x46, 0x46, (byte) 0xFF, (byte) 0xFE, 0x00, 0x0D, 0x0A, (byte) 0xC3, 0x28};

    @Test
    void completionsWithStringPrompt() throws Exception {
        ParsedRequest r = parse(Endpoint.COMPLETIONS, """
                {"model":"gpt-3.5-turbo-instruct","prompt":"Say this is a test","max_tokens":7}""");
        assertThat(r.texts()).containsExactly(new TextPart("/prompt", "Say this is a test"));
        assertThat(r.maxOutputTokens()).isEqualTo(7);
        assertThat(r.messageCount()).isZero();
    }

    @Test
    void completionsWithArrayPrompt() throws Exception {
        ParsedRequest r = parse(Endpoint.COMPLETIONS, """
                {"model":"m","prompt":["a","b","c","d"]}""");
        assertThat(r.texts()).extracting(TextPart::pointer).containsExactly("/prompt/0", "/prompt/1", "/prompt/2", "/prompt/3");
    }

    @Test
    void embeddingsStringArrayAndTokenIds() throws Exception {
        assertThat(parse(Endpoint.EMBEDDINGS, """
                {"model":"text-embedding-3-small","input":"hello"}""").texts())
                .containsExactly(new TextPart("/input", "hello"));
        ParsedRequest arr = parse(Endpoint.EMBEDDINGS, """
                {"model":"text-embedding-3-small","input":["a","b","c","d","e"]}""");
        assertThat(arr.texts()).extracting(TextPart::pointer).endsWith("/input/4");
        ParsedRequest ids = parse(Endpoint.EMBEDDINGS, """
                {"model":"text-embedding-3-small","input":[1,2,3]}""");
        assertThat(ids.texts()).isEmpty();
        assertThat(ids.inputTokenIds()).isEqualTo(3);
        ParsedRequest nested = parse(Endpoint.EMBEDDINGS, """
                {"model":"text-embedding-3-small","input":[[1,2],[3,4,5]]}""");
        assertThat(nested.inputTokenIds()).isEqualTo(5);
    }

    @Test
    void imageGeneration() throws Exception {
        ParsedRequest r = parse(Endpoint.IMAGES_GENERATIONS, """
                {"model":"dall-e-3","prompt":"a lighthouse","n":1,"size":"1024x1024","response_format":"b64_json"}""");
        assertThat(r.texts()).containsExactly(new TextPart("/prompt", "a lighthouse"));
        assertThat(r.jsonMode()).isFalse();
    }

    @Test
    void speech() throws Exception {
        ParsedRequest r = parse(Endpoint.AUDIO_SPEECH, """
                {"model":"tts-1","input":"Bonjour à tous","voice":"alloy","response_format":"mp3"}""");
        assertThat(r.texts()).containsExactly(new TextPart("/input", "Bonjour à tous"));
    }

    static byte[] multipart(String prompt, boolean withFile) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String crlf = "\r\n";
        out.writeBytes(utf8("--" + BOUNDARY + crlf + "Content-Disposition: form-data; name=\"model\"" + crlf + crlf
                + "whisper-1" + crlf));
        if (prompt != null) {
            out.writeBytes(utf8("--" + BOUNDARY + crlf + "Content-Disposition: form-data; name=\"prompt\"" + crlf
                    + crlf + prompt + crlf));
        }
        if (withFile) {
            out.writeBytes(utf8("--" + BOUNDARY + crlf
                    + "Content-Disposition: form-data; name=\"file\"; filename=\"a.wav\"" + crlf
                    + "Content-Type: audio/wav" + crlf + crlf));
            out.writeBytes(AUDIO);
            out.writeBytes(utf8(crlf));
        }
        out.writeBytes(utf8("--" + BOUNDARY + "--" + crlf));
        return out.toByteArray();
    }

    static String multipartType() {
        return "multipart/form-data; boundary=" + BOUNDARY;
    }

    @Test
    void transcriptionFromMultipart() throws Exception {
        ParsedRequest r = Bodies.PARSER.parse(Endpoint.AUDIO_TRANSCRIPTIONS, multipartType(),
                multipart("Names: Zoë, 李雷", true));
        assertThat(r.model()).isEqualTo("whisper-1");
        assertThat(r.texts()).containsExactly(new TextPart("/prompt", "Names: Zoë, 李雷"));
        assertThat(r.parameters()).containsExactlyInAnyOrder("model", "prompt", "file");
    }

    @Test
    void transcriptionWithQuotedBoundaryAndNoPrompt() throws Exception {
        ParsedRequest r = Bodies.PARSER.parse(Endpoint.AUDIO_TRANSCRIPTIONS,
                "multipart/form-data; boundary=\"" + BOUNDARY + "\"", multipart(null, true));
        assertThat(r.texts()).isEmpty();
    }

    @Test
    void transcriptionPromptRedactionKeepsTheBinaryFile() throws Exception {
        byte[] body = multipart("secret 4111 1111 1111 1111", true);
        ParsedRequest r = Bodies.PARSER.parse(Endpoint.AUDIO_TRANSCRIPTIONS, multipartType(), body);
        byte[] redacted = r.withTexts(java.util.Map.of("/prompt", "secret [CARD]"));
        assertThat(redacted).isEqualTo(multipart("secret [CARD]", true));
        ParsedRequest again = Bodies.PARSER.parse(Endpoint.AUDIO_TRANSCRIPTIONS, multipartType(), redacted);
        assertThat(again.texts()).containsExactly(new TextPart("/prompt", "secret [CARD]"));
        assertThat(new String(redacted, StandardCharsets.ISO_8859_1))
                .contains(new String(AUDIO, StandardCharsets.ISO_8859_1));
    }

    @Test
    void redactionCannotInjectAMultipartPart() throws Exception {
        ParsedRequest r = Bodies.PARSER.parse(Endpoint.AUDIO_TRANSCRIPTIONS, multipartType(), multipart("p", true));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.withTexts(java.util.Map.of("/prompt",
                "x\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\ngpt-4o")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void uploadTakesTheDeploymentsModelAndKeepsTheFile() throws Exception {
        byte[] body = multipart("p", true);
        ParsedRequest r = Bodies.PARSER.parse(Endpoint.AUDIO_TRANSCRIPTIONS, multipartType(), body);
        byte[] sent = r.uploadWithModel("gpt-4o-transcribe");
        ParsedRequest again = Bodies.PARSER.parse(Endpoint.AUDIO_TRANSCRIPTIONS, multipartType(), sent);
        assertThat(again.model()).isEqualTo("gpt-4o-transcribe");
        assertThat(again.texts()).containsExactly(new TextPart("/prompt", "p"));
        assertThat(new String(sent, StandardCharsets.ISO_8859_1)).contains(new String(AUDIO, StandardCharsets.ISO_8859_1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse(Endpoint.AUDIO_SPEECH, """
                {"model":"tts-1","input":"x","voice":"alloy"}""").uploadWithModel("tts-1-hd"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aJsonCopyIsTheBodyAndChangingItLeavesTheParsedRequestAlone() throws Exception {
        ParsedRequest r = parse(Endpoint.AUDIO_SPEECH, """
                {"model":"tts-1","input":"Bonjour","voice":"alloy"}""");
        com.fasterxml.jackson.databind.node.ObjectNode copy = r.jsonCopy();
        assertThat(copy.path("input").asText()).isEqualTo("Bonjour");
        copy.put("model", "tts-1-hd");
        assertThat(r.jsonCopy().path("model").asText()).isEqualTo("tts-1");
        ParsedRequest upload = Bodies.PARSER.parse(Endpoint.AUDIO_TRANSCRIPTIONS, multipartType(), multipart("p", true));
        org.assertj.core.api.Assertions.assertThatThrownBy(upload::jsonCopy).isInstanceOf(IllegalStateException.class);
    }
}
