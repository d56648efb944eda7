package dev.modelgate.relay.providers.anthropic;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.policy.request.MessagesErrors;
import dev.modelgate.relay.golden.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class MessagesErrorsTest {

    private final ObjectMapper json = new ObjectMapper();
    private final MessagesErrors errors = new MessagesErrors(json);

    @ParameterizedTest
    @CsvSource({
            "400, invalid_request_error",
            "401, authentication_error",
            "402, billing_error",
            "403, permission_error",
            "404, not_found_error",
            "409, invalid_request_error",
            "413, request_too_large",
            "429, rate_limit_error",
            "500, api_error",
            "502, api_error",
            "503, overloaded_error",
            "504, timeout_error",
    })
    void typesFollowTheStatusAsAnthropicsSdksExpect(int status, String type) {
        assertThat(MessagesErrors.typeFor(status)).isEqualTo(type);
    }

    @Test
    void anOpenAiErrorBecomesAnAnthropicErrorKeepingItsMessage() throws Exception {
        var openAi = json.readTree(Golden.text("messages/error/budget.openai.json"));
        Golden.assertJson("messages/error/budget.anthropic.json", errors.fromOpenAi(402, openAi, "gen-42"));
    }

    @Test
    void anErrorWithoutAMessageStillSaysWhatHappened() {
        var out = errors.fromOpenAi(502, null, null);
        assertThat(out.toString()).isEqualTo(
                "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"The request failed with HTTP status 502.\"}}");
    }
}
