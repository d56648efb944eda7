package dev.modelgate.policy.request;

import static dev.modelgate.policy.request.Bodies.reject;
import static dev.modelgate.policy.request.Bodies.rejectChat;
import static dev.modelgate.policy.request.Bodies.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RejectionTest {

    private static final String OK_MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    static Stream<Arguments> badChatBodies() {
        return Stream.of(
                // body, status, code, param
                Arguments.of("hello", 400, "invalid_json", null),
                Arguments.of("{\"model\":", 400, "invalid_json", null),
                Arguments.of("{model:\"m\"}", 400, "invalid_json", null),
                Arguments.of("[{\"model\":\"m\"}]", 400, "invalid_json", null),
                Arguments.of("{\"model\":\"m\"," + OK_MESSAGES + "} trailing", 400, "invalid_json", null),
                Arguments.of("{\"model\":\"m\"," + OK_MESSAGES + "}{}", 400, "invalid_json", null),
                Arguments.of("", 400, "invalid_json", null),
                Arguments.of("   \n ", 400, "invalid_json", null),
                Arguments.of("{" + OK_MESSAGES + "}", 400, "missing_field", "model"),
                Arguments.of("{\"model\":null," + OK_MESSAGES + "}", 400, "missing_field", "model"),
                Arguments.of("{\"model\":42," + OK_MESSAGES + "}", 400, "invalid_type", "model"),
                Arguments.of("{\"model\":\"\"," + OK_MESSAGES + "}", 400, "invalid_value", "model"),
                Arguments.of("{\"model\":\"m\"}", 400, "missing_field", "messages"),
                Arguments.of("{\"model\":\"m\",\"messages\":\"hi\"}", 400, "invalid_type", "messages"),
                Arguments.of("{\"model\":\"m\",\"messages\":[]}", 400, "invalid_value", "messages"),
                Arguments.of("{\"model\":\"m\",\"messages\":[\"hi\"]}", 400, "invalid_type", "messages[0]"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"content\":\"hi\"}]}", 400, "missing_field", "messages[0].role"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":1,\"content\":\"hi\"}]}", 400, "invalid_type", "messages[0].role"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}", 400, "invalid_value", "messages[0].role"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]}", 400, "missing_field", "messages[0].content"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":null}]}", 400, "missing_field", "messages[0].content"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":7}]}", 400, "invalid_type", "messages[0].content"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"user\",\"content\":\"b\"},"
                        + "{\"role\":\"user\",\"content\":[{\"type\":\"video\",\"video\":{}}]}]}",
                        400, "unsupported_content_part", "messages[2].content[0].type"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"x\"}]}]}",
                        400, "missing_field", "messages[0].content[0].type"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]}",
                        400, "missing_field", "messages[0].content[0].text"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":[1]}]}]}",
                        400, "invalid_type", "messages[0].content[0].text"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{}}]}]}",
                        400, "missing_field", "messages[0].content[0].image_url.url"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x\",\"detail\":\"ultra\"}}]}]}",
                        400, "invalid_value", "messages[0].content[0].image_url.detail"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":{}}}]}]}",
                        400, "invalid_type", "messages[0].tool_calls[0].function.arguments"),
                Arguments.of("{\"model\":\"m\"," + OK_MESSAGES + ",\"stream\":\"yes\"}", 400, "invalid_type", "stream"),
                Arguments.of("{\"model\":\"m\"," + OK_MESSAGES + ",\"stream_options\":{\"include_usage\":1}}", 400, "invalid_type", "stream_options.include_usage"),
                Arguments.of("{\"model\":\"m\"," + OK_MESSAGES + ",\"max_tokens\":\"10\"}", 400, "invalid_type", "max_tokens"),
                Arguments.of("{\"model\":\"m\"," + OK_MESSAGES + ",\"max_tokens\":-1}", 400, "invalid_value", "max_tokens"),
                Arguments.of("{\"model\":\"m\"," + OK_MESSAGES + ",\"max_tokens\":99999999999}", 400, "invalid_value", "max_tokens"),
                Arguments.of("{\"model\":\"m\"," + OK_MESSAGES + ",\"max_completion_tokens\":1.5}", 400, "invalid_type", "max_completion_tokens"),
                Arguments.of("{\"model\":\"m\"," + OK_MESSAGES + ",\"models\":\"a\"}", 400, "invalid_type", "models"),
                Arguments.of("{\"model\":\"m\"," + OK_MESSAGES + ",\"models\":[\"a\",2]}", 400, "invalid_type", "models[1]"),
                Arguments.of("{\"model\":\"m\"," + OK_MESSAGES + ",\"tools\":{}}", 400, "invalid_type", "tools"),
                Arguments.of("{\"model\":\"m\"," + OK_MESSAGES + ",\"response_format\":\"json\"}", 400, "invalid_type", "response_format"),
                Arguments.of("{\"model\":\"m\"," + OK_MESSAGES + ",\"metadata\":{\"k\":1}}", 400, "invalid_type", "metadata.k"),
                Arguments.of("{\"model\":\"m\"," + OK_MESSAGES + ",\"metadata\":[]}", 400, "invalid_type", "metadata"),
                Arguments.of("{\"model\":\"m\"," + OK_MESSAGES + ",\"provider\":\"openai\"}", 400, "invalid_type", "provider"),
                Arguments.of("{\"model\":\"m\"," + OK_MESSAGES + ",\"provider\":{\"prefer\":[\"x\"]}}", 400, "unknown_parameter", "provider.prefer"),
                Arguments.of("{\"model\":\"m\"," + OK_MESSAGES + ",\"provider\":{\"order\":\"openai\"}}", 400, "invalid_type", "provider.order"),
                Arguments.of("{\"model\":\"m\"," + OK_MESSAGES + ",\"provider\":{\"only\":[1]}}", 400, "invalid_type", "provider.only[0]"),
                Arguments.of("{\"model\":\"m\"," + OK_MESSAGES + ",\"provider\":{\"allow_fallbacks\":\"no\"}}", 400, "invalid_type", "provider.allow_fallbacks"),
                Arguments.of("{\"model\":\"m\"," + OK_MESSAGES + ",\"provider\":{\"data_collection\":\"maybe\"}}", 400, "invalid_value", "provider.data_collection"),
                Arguments.of("{\"model\":\"m\"," + OK_MESSAGES + ",\"provider\":{\"sort\":\"cheapest\"}}", 400, "invalid_value", "provider.sort"),
                Arguments.of("{\"model\":\"m\"," + OK_MESSAGES + ",\"provider\":{\"max_price\":{\"prompt\":\"1\"}}}", 400, "invalid_type", "provider.max_price.prompt"),
                Arguments.of("{\"model\":\"m\"," + OK_MESSAGES + ",\"provider\":{\"max_price\":{\"completion\":-0.5}}}", 400, "invalid_value", "provider.max_price.completion"),
                Arguments.of("{\"model\":\"m\"," + OK_MESSAGES + ",\"provider\":{\"max_price\":{\"tokens\":1}}}", 400, "unknown_parameter", "provider.max_price.tokens"),
                Arguments.of("{\"model\":\"m\",\"model\":\"n\"," + OK_MESSAGES + "}", 400, "duplicate_key", null));
    }

    @ParameterizedTest
    @MethodSource("badChatBodies")
    void badChatBodiesAreTypedRejections(String body, int status, String code, String param) {
        RequestException e = rejectChat(body);
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.param()).isEqualTo(param);
    }

    static Stream<Arguments> badOtherBodies() {
        return Stream.of(
                Arguments.of(Endpoint.COMPLETIONS, "{\"model\":\"m\"}", "missing_field", "prompt"),
                Arguments.of(Endpoint.COMPLETIONS, "{\"model\":\"m\",\"prompt\":5}", "invalid_type", "prompt"),
                Arguments.of(Endpoint.COMPLETIONS, "{\"model\":\"m\",\"prompt\":[\"a\",{}]}", "invalid_type", "prompt[1]"),
                Arguments.of(Endpoint.EMBEDDINGS, "{\"model\":\"m\",\"input\":[]}", "invalid_value", "input"),
                Arguments.of(Endpoint.EMBEDDINGS, "{\"model\":\"m\",\"input\":[1.5]}", "invalid_type", "input[0]"),
                Arguments.of(Endpoint.EMBEDDINGS, "{\"model\":\"m\",\"input\":[[1,\"a\"]]}", "invalid_type", "input[0][1]"),
                Arguments.of(Endpoint.EMBEDDINGS, "{\"input\":\"x\"}", "missing_field", "model"),
                Arguments.of(Endpoint.IMAGES_GENERATIONS, "{\"model\":\"dall-e-3\"}", "missing_field", "prompt"),
                Arguments.of(Endpoint.IMAGES_GENERATIONS, "{\"model\":\"dall-e-3\",\"prompt\":[\"a\"]}", "invalid_type", "prompt"),
                Arguments.of(Endpoint.AUDIO_SPEECH, "{\"model\":\"tts-1\",\"voice\":\"alloy\"}", "missing_field", "input"));
    }

    @ParameterizedTest
    @MethodSource("badOtherBodies")
    void badBodiesOnOtherEndpoints(Endpoint endpoint, String body, String code, String param) {
        RequestException e = reject(endpoint, body);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.param()).isEqualTo(param);
    }

    @Test
    void nullBodyIsInvalidJson() {
        RequestException e = reject(Bodies.PARSER, Endpoint.CHAT_COMPLETIONS, "application/json", null);
        assertThat(e.code()).isEqualTo("invalid_json");
    }

    @Test
    void wrongContentType() {
        RequestException e = reject(Bodies.PARSER, Endpoint.CHAT_COMPLETIONS, "text/plain",
                utf8("{\"model\":\"m\"," + OK_MESSAGES + "}"));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("unsupported_content_type");
    }

    @Test
    void jsonContentTypeWithCharsetIsAccepted() throws Exception {
        Bodies.PARSER.parse(Endpoint.CHAT_COMPLETIONS, "Application/JSON; charset=utf-8",
                utf8("{\"model\":\"m\"," + OK_MESSAGES + "}"));
    }

    @Test
    void bodyOverTheLimitIs413() {
        RequestParser small = new RequestParser(new RequestLimits(100, 64, 10, 1000));
        byte[] body = utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(200) + "\"}]}");
        RequestException e = reject(small, Endpoint.CHAT_COMPLETIONS, "application/json", body);
        assertThat(e.status()).isEqualTo(413);
        assertThat(e.code()).isEqualTo("too_large");
        assertThat(e.param()).isNull();
    }

    @Test
    void stringOverTheLimitIs413() {
        RequestParser small = new RequestParser(new RequestLimits(100_000, 64, 10, 1000));
        byte[] body = utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(5000) + "\"}]}");
        RequestException e = reject(small, Endpoint.CHAT_COMPLETIONS, "application/json", body);
        assertThat(e.status()).isEqualTo(413);
        assertThat(e.code()).isEqualTo("too_large");
    }

    @Test
    void nestingDeeperThanTheLimitIsTooDeep() {
        RequestParser shallow = new RequestParser(new RequestLimits(100_000, 8, 10, 1000));
        String deep = "{\"model\":\"m\"," + OK_MESSAGES + ",\"x\":" + "[".repeat(10) + "]".repeat(10) + "}";
        RequestException e = reject(shallow, Endpoint.CHAT_COMPLETIONS, "application/json", utf8(deep));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("too_deep");
    }

    @Test
    void hugeNestingNeitherOverflowsTheStackNorEscapes() {
        String deep = "{\"a\":" + "[".repeat(1_000_000);
        RequestException e = reject(Bodies.PARSER, Endpoint.CHAT_COMPLETIONS, "application/json", utf8(deep));
        assertThat(e.code()).isEqualTo("too_deep");
    }

    @Test
    void absurdMessageCountIsRejected() {
        RequestParser small = new RequestParser(new RequestLimits(1_000_000, 64, 3, 1000));
        String body = "{\"model\":\"m\",\"messages\":[" + "{\"role\":\"user\",\"content\":\"x\"},".repeat(3)
                + "{\"role\":\"user\",\"content\":\"x\"}]}";
        RequestException e = reject(small, Endpoint.CHAT_COMPLETIONS, "application/json", utf8(body));
        assertThat(e.code()).isEqualTo("too_many_items");
        assertThat(e.param()).isEqualTo("messages");
        RequestException embeddings = reject(small, Endpoint.EMBEDDINGS, "application/json",
                utf8("{\"model\":\"m\",\"input\":[\"a\",\"b\",\"c\",\"d\"]}"));
        assertThat(embeddings.code()).isEqualTo("too_many_items");
        assertThat(embeddings.param()).isEqualTo("input");
    }

    @Test
    void invalidUtf8IsInvalidEncoding() {
        byte[] prefix = utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"");
        byte[] suffix = utf8("\"}]}");
        for (byte[] bad : new byte[][] {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82}}) {
            byte[] body = new byte[prefix.length + bad.length + suffix.length];
            System.arraycopy(prefix, 0, body, 0, prefix.length);
            System.arraycopy(bad, 0, body, prefix.length, bad.length);
            System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);
            RequestException e = reject(Bodies.PARSER, Endpoint.CHAT_COMPLETIONS, "application/json", body);
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).as("bytes %s", java.util.Arrays.toString(bad)).isEqualTo("invalid_encoding");
        }
    }

    @Test
    void utf16BodyIsRejectedNotAutoDetected() {
        byte[] body = ("{\"model\":\"m\"," + OK_MESSAGES + "}").getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        assertThat(reject(Bodies.PARSER, Endpoint.CHAT_COMPLETIONS, "application/json", body).code())
                .isEqualTo("invalid_encoding");
    }

    @Test
    void transcriptionRejections() {
        String type = OtherEndpointsTest.multipartType();
        assertThat(reject(Bodies.PARSER, Endpoint.AUDIO_TRANSCRIPTIONS, "application/json", utf8("{}")).code())
                .isEqualTo("unsupported_content_type");
        assertThat(reject(Bodies.PARSER, Endpoint.AUDIO_TRANSCRIPTIONS, "multipart/form-data", utf8("x")).code())
                .isEqualTo("invalid_multipart");
        assertThat(reject(Bodies.PARSER, Endpoint.AUDIO_TRANSCRIPTIONS, type, utf8("garbage")).code())
                .isEqualTo("invalid_multipart");
        RequestException noFile = reject(Bodies.PARSER, Endpoint.AUDIO_TRANSCRIPTIONS, type,
                OtherEndpointsTest.multipart("p", false));
        assertThat(noFile.code()).isEqualTo("missing_field");
        assertThat(noFile.param()).isEqualTo("file");
        byte[] truncated = java.util.Arrays.copyOf(OtherEndpointsTest.multipart("p", true), 60);
        assertThat(reject(Bodies.PARSER, Endpoint.AUDIO_TRANSCRIPTIONS, type, truncated).code())
                .isEqualTo("invalid_multipart");
        String noModel = "--" + OtherEndpointsTest.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nAB\r\n--"
                + OtherEndpointsTest.BOUNDARY + "--\r\n";
        RequestException e = reject(Bodies.PARSER, Endpoint.AUDIO_TRANSCRIPTIONS, type, utf8(noModel));
        assertThat(e.code()).isEqualTo("missing_field");
        assertThat(e.param()).isEqualTo("model");
    }

    @Test
    void transcriptionPromptMustBeUtf8() {
        String b = OtherEndpointsTest.BOUNDARY;
        byte[] head = utf8("--" + b + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n--" + b
                + "\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\n");
        byte[] tail = utf8("\r\n--" + b + "--\r\n");
        byte[] body = new byte[head.length + 1 + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        body[head.length] = (byte) 0xFF;
        System.arraycopy(tail, 0, body, head.length + 1, tail.length);
        RequestException e = reject(Bodies.PARSER, Endpoint.AUDIO_TRANSCRIPTIONS, OtherEndpointsTest.multipartType(), body);
        assertThat(e.code()).isEqualTo("invalid_encoding");
        assertThat(e.param()).isEqualTo("prompt");
    }
}
