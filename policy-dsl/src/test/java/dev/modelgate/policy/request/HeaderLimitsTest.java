package dev.modelgate.policy.request;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class HeaderLimitsTest {

    private final HeaderLimits limits = new HeaderLimits(100, 250, 5);

    private RequestException refused(Map<String, String> headers) {
        return catchThrowableOfType(RequestException.class, () -> limits.check(headers));
    }

    @Test
    void ordinaryHeadersPass() {
        assertThatCode(() -> HeaderLimits.defaults().check(Map.of("authorization", "Bearer sk-" + "x".repeat(200),
                "content-type", "application/json", "user-agent", "OpenAI/Python 1.0\tbeta"))).doesNotThrowAnyException();
    }

    @Test
    void oneOversizedHeaderIs431WithoutItsValue() {
        RequestException e = refused(Map.of("x-big", "secret-" + "a".repeat(200)));
        assertThat(e.status()).isEqualTo(431);
        assertThat(e.code()).isEqualTo("request_header_fields_too_large");
        assertThat(e.type()).isEqualTo("invalid_request_error");
        assertThat(e.getMessage()).contains("x-big").doesNotContain("secret");
    }

    @Test
    void theTotalAndTheCountAreLimitedToo() {
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            many.put("h" + i, "v".repeat(90));
        }
        assertThat(refused(many).getMessage()).contains("together");
        Map<String, String> count = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            count.put("h" + i, "v");
        }
        assertThat(refused(count).getMessage()).contains("more than 5 headers");
    }

    @Test
    void multiByteCharactersCountAsTheirUtf8Bytes() {
        assertThat(refused(Map.of("x", "é".repeat(60))).status()).as("120 bytes in 60 chars").isEqualTo(431);
        assertThatCode(() -> limits.check(Map.of("x", "é".repeat(40)))).doesNotThrowAnyException();
    }

    @Test
    void controlCharactersAndBadNamesAre400() {
        RequestException crlf = refused(Map.of("x-injected", "a\r\nset-cookie: b"));
        assertThat(crlf.status()).isEqualTo(400);
        assertThat(crlf.code()).isEqualTo("invalid_header");
        assertThat(refused(Map.of("bad name", "v")).code()).isEqualTo("invalid_header");
        assertThat(refused(Map.of("x-nul", "a\0b")).status()).isEqualTo(400);
    }
}
