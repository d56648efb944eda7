package dev.modelgate.relay.providers.anthropic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.model.Provider;
import dev.modelgate.policy.model.ProviderType;
import dev.modelgate.policy.request.Endpoint;
import dev.modelgate.relay.golden.Golden;
import dev.modelgate.relay.providers.CallResult;
import dev.modelgate.relay.providers.UpstreamFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static dev.modelgate.relay.providers.anthropic.AnthropicAnswersTest.CREATED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the adapter decides before and after the HTTP call. The call itself needs a Rest Client runtime
 * and a server speaking Anthropic's format, so it is covered by the relay's integration tests.
 */
class AnthropicAdapterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "sk-ant-api03-never-shown";
    private static final Provider ANTHROPIC = new Provider(ProviderType.ANTHROPIC, null, "anthropic-prod", "us", true, false, null, null);

    private final AnthropicAdapter adapter = new AnthropicAdapter(request -> {
        throw new AssertionError("refused before any call");
    }, java.time.Clock.systemUTC());

    @Test
    void refusesEndpointsAnthropicDoesNotHaveAsTheCallersError() {
        CallResult result = adapter.call(Endpoint.EMBEDDINGS, "anthropic", ANTHROPIC, JSON.createObjectNode(), false, SECRET);

        UpstreamFailure failure = result.failure();
        assertThat(result.ok()).isFalse();
        assertThat(failure.status()).isEqualTo(400);
        assertThat(failure.clientError()).isTrue(); // no failover: no Anthropic deployment will have it either
        assertThat(failure.reason()).contains("Anthropic has no /v1/embeddings endpoint");
    }

    @Test
    void aRequestThatCannotBeTranslatedIsRefusedWithTheReasonAndWithoutTheKey() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree("""
                {"model":"claude-haiku-4-5","messages":[
                  {"role":"user","content":"weather?"},
                  {"role":"assistant","tool_calls":[{"id":"call_1","type":"function",
                    "function":{"name":"get_weather","arguments":"{not json"}}]}]}""");

        UpstreamFailure failure = adapter.call(Endpoint.CHAT_COMPLETIONS, "anthropic", ANTHROPIC, body, false, SECRET).failure();

        assertThat(failure.status()).isEqualTo(400);
        assertThat(failure.clientError()).isTrue();
        assertThat(failure.reason()).isEqualTo(
                "The request cannot be sent to Anthropic: messages[1].tool_calls[0]: function.arguments is not valid JSON");
        // The relay shows the client error.message from the failure body.
        assertThat(JSON.readTree(failure.body()).at("/error/message").asText()).isEqualTo(failure.reason());
        assertThat(failure.toString()).doesNotContain(SECRET);
    }

    @Test
    void aGoodAnswerComesBackInOpenAisFormat() throws Exception {
        byte[] anthropic = JSON.writeValueAsBytes(Golden.json("anthropic/answers/text/anthropic.json"));

        CallResult result = AnthropicAdapter.translated(new ByteArrayInputStream(anthropic), CREATED);

        assertThat(result.ok()).isTrue();
        Golden.assertJson("anthropic/answers/text/openai.json", JSON.readTree(result.answer()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[]} | unreadable answer (not an Anthropic message)",
            "<html>Bad gateway</html>                                          | unreadable answer (not JSON)",
            "''                                                                | unreadable answer (not an Anthropic message)"})
    void anAnswerOfAnUnknownShapeIsAFailureOfThisDeployment(String body, String reason) {
        CallResult result = AnthropicAdapter.translated(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), CREATED);

        UpstreamFailure failure = result.failure();
        assertThat(result.ok()).isFalse();
        assertThat(failure.status()).isEqualTo(200); // the relay's sign for "asking this deployment again will not help"
        assertThat(failure.clientError()).isFalse(); // another deployment may well answer
        assertThat(failure.reason()).isEqualTo(reason);
    }
}
