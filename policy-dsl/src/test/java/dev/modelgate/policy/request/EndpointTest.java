package dev.modelgate.policy.request;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointTest {

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void everyEndpointRoundTripsItsPath(Endpoint endpoint) {
        assertThat(Endpoint.fromPath(endpoint.path())).contains(endpoint);
        assertThat(Endpoint.fromPath(endpoint.path() + "/")).contains(endpoint);
        assertThat(Endpoint.fromPath(endpoint.path() + "?api-version=2024-10-21")).contains(endpoint);
        assertThat(Endpoint.fromPath(endpoint.path() + "/?x=1")).contains(endpoint);
    }

    @Test
    void knownPaths() {
        assertThat(Endpoint.fromPath("/v1/chat/completions")).contains(Endpoint.CHAT_COMPLETIONS);
        assertThat(Endpoint.fromPath("/v1/audio/transcriptions")).contains(Endpoint.AUDIO_TRANSCRIPTIONS);
        assertThat(Endpoint.CHAT_COMPLETIONS.path()).isEqualTo("/v1/chat/completions");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/v1/models", "/v1/chat/completions-admin", "/v1/chat/completions//",
            "/v2/chat/completions", "/v1/chat", "v1/chat/completions"})
    void unknownPathsAreEmpty(String path) {
        assertThat(Endpoint.fromPath(path)).isEmpty();
    }

    @Test
    void nullPathIsEmpty() {
        assertThat(Endpoint.fromPath(null)).isEmpty();
    }
}
