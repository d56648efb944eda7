package dev.modelgate.policy.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;

/** Test helpers: parse with default limits and capture rejections. */
final class Bodies {

    static final RequestParser PARSER = new RequestParser(RequestLimits.defaults());

    private Bodies() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static ParsedRequest parse(Endpoint endpoint, String json) throws RequestException {
        return PARSER.parse(endpoint, "application/json", utf8(json));
    }

    static ParsedRequest chat(String json) throws RequestException {
        return parse(Endpoint.CHAT_COMPLETIONS, json);
    }

    static RequestException reject(RequestParser parser, Endpoint endpoint, String contentType, byte[] body) {
        RequestException e = catchThrowableOfType(RequestException.class,
                () -> parser.parse(endpoint, contentType, body));
        assertThat(e).as("expected a RequestException").isNotNull();
        assertThat(e.type()).isEqualTo("invalid_request_error");
        assertThat(e.getMessage()).isNotBlank().doesNotContain("com.fasterxml").doesNotContain("jackson")
                .doesNotContain("Exception");
        return e;
    }

    static RequestException reject(Endpoint endpoint, String json) {
        return reject(PARSER, endpoint, "application/json", utf8(json));
    }

    static RequestException rejectChat(String json) {
        return reject(Endpoint.CHAT_COMPLETIONS, json);
    }
}
