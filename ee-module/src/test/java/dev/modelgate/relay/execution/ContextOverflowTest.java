package dev.modelgate.relay.execution;

import dev.modelgate.relay.providers.UpstreamFailure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The providers' own context-length refusals, as they send them, are told apart from other 400s. */
class ContextOverflowTest {

    private static UpstreamFailure failure(int status, String body) {
        return new UpstreamFailure(status, "HTTP " + status, 0, status >= 400 && status < 500, body);
    }

    @Test
    void recognisesEachProvidersContextLengthRefusal() {
        assertThat(ContextOverflow.is(failure(400, """
                {"error":{"message":"This model's maximum context length is 128000 tokens. However, your messages resulted in 130012 tokens.",
                 "type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}"""))).isTrue();
        assertThat(ContextOverflow.is(failure(400, """
                {"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}""")))
                .isTrue();
        assertThat(ContextOverflow.is(failure(400, """
                {"error":{"code":400,"message":"The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).",
                 "status":"INVALID_ARGUMENT"}}"""))).isTrue();
    }

    @Test
    void otherRefusalsAndFailuresAreNot() {
        assertThat(ContextOverflow.is(failure(400, """
                {"error":{"message":"Invalid value for 'temperature'","type":"invalid_request_error","param":"temperature","code":null}}""")))
                .isFalse();
        assertThat(ContextOverflow.is(failure(503, "context_length_exceeded"))).as("only a refusal of the request").isFalse();
        assertThat(ContextOverflow.is(failure(400, null))).isFalse();
    }
}
