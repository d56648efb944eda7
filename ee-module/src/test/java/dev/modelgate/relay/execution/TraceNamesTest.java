package dev.modelgate.relay.execution;

import dev.modelgate.policy.request.Endpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The names spans carry: GenAI operation names per endpoint, and a few error types that back ends can group by. */
class TraceNamesTest {

    @Test
    void everyEndpointHasTheGenAiOperationName() {
        assertThat(Relay.operation(Endpoint.CHAT_COMPLETIONS)).isEqualTo("chat");
        assertThat(Relay.operation(Endpoint.COMPLETIONS)).isEqualTo("text_completion");
        assertThat(Relay.operation(Endpoint.EMBEDDINGS)).isEqualTo("embeddings");
        assertThat(Relay.operation(Endpoint.IMAGES_GENERATIONS)).isEqualTo("generate_content");
    }

    @Test
    void failuresBecomeFewErrorTypesNotTheirFullOutcome() {
        assertThat(Exchange.errorType(503, "HTTP 503")).isEqualTo("503");
        assertThat(Exchange.errorType(0, "timed out")).isEqualTo("timeout");
        assertThat(Exchange.errorType(0, "connection failed (ConnectException)")).isEqualTo("connection_failed");
        assertThat(Exchange.errorType(400, ContextOverflow.OUTCOME)).isEqualTo("context_length_exceeded");
        assertThat(Exchange.errorType(200, "unreadable answer")).isEqualTo("unreadable_answer");
        assertThat(Exchange.errorType(200, StreamPipe.PROVIDER_CUT)).isEqualTo("stream_cut");
        assertThat(Exchange.errorType(200, "stream ended before its first chunk")).isEqualTo("stream_cut");
    }
}
