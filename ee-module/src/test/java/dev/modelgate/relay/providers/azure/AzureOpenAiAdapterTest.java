package dev.modelgate.relay.providers.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.model.Provider;
import dev.modelgate.policy.model.ProviderType;
import dev.modelgate.policy.request.Endpoint;
import dev.modelgate.relay.golden.Golden;
import dev.modelgate.relay.providers.CallResult;
import dev.modelgate.relay.providers.RecordingUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class AzureOpenAiAdapterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "test-azure-key";
    private static final String DEPLOYMENT = "https://contoso.openai.azure.com/openai/deployments/gpt-4o-prod";

    @Test
    void sendsTheRequestToTheDeploymentWithTheApiKeyHeader() throws Exception {
        ObjectNode body = Golden.json("azure/request/openai-request.json");
        AzureTarget target = AzureTarget.of(provider("https://contoso.openai.azure.com/", null), body.path("model").asText());
        RecordingUpstream api = new RecordingUpstream(200, Golden.json("azure/answer-content-filter/azure-answer.json").toString());

        AzureOpenAiAdapter.send(api.at(target.deploymentUrl()), Endpoint.CHAT_COMPLETIONS, target.apiVersion(), body, KEY);

        Golden.assertJson("azure/request/azure-call.json", wire(api));
    }

    @ParameterizedTest
    @CsvSource({
            "CHAT_COMPLETIONS, https://contoso.openai.azure.com/openai/deployments/gpt-4o-prod/chat/completions?api-version=2025-01-01-preview",
            "COMPLETIONS, https://contoso.openai.azure.com/openai/deployments/gpt-4o-prod/completions?api-version=2025-01-01-preview",
            "EMBEDDINGS, https://contoso.openai.azure.com/openai/deployments/gpt-4o-prod/embeddings?api-version=2025-01-01-preview"})
    void buildsEachEndpointsUrlWithThePolicysApiVersion(Endpoint endpoint, String url) throws Exception {
        AzureTarget target = AzureTarget.of(provider("https://contoso.openai.azure.com", "2025-01-01-preview"), "gpt-4o-prod");
        RecordingUpstream api = new RecordingUpstream(200, "{}");

        AzureOpenAiAdapter.send(api.at(target.deploymentUrl()), endpoint, target.apiVersion(), JSON.createObjectNode().put("model", "gpt-4o-prod"), KEY);

        assertThat(api.uri()).hasToString(url);
    }

    @Test
    void aDeploymentNameStaysOnePathSegment() {
        AzureTarget target = new AzureTarget("https://contoso.openai.azure.com", "../admin x", "2024-10-21");

        assertThat(target.deploymentUrl()).isEqualTo("https://contoso.openai.azure.com/openai/deployments/..%2Fadmin%20x");
    }

    @Test
    void theApiVersionDefaultsWhenThePolicyGivesNone() {
        assertThat(AzureTarget.of(provider("https://contoso.openai.azure.com", null), "d").apiVersion()).isEqualTo("2024-10-21");
        assertThat(AzureTarget.of(provider("https://contoso.openai.azure.com", " "), "d").apiVersion()).isEqualTo("2024-10-21");
    }

    @Test
    void contentFilterResultsPassThroughUntouched() throws Exception {
        String azure = Golden.json("azure/answer-content-filter/azure-answer.json").toString();

        CallResult result = AzureOpenAiAdapter.send(new RecordingUpstream(200, azure).at(DEPLOYMENT), Endpoint.CHAT_COMPLETIONS,
                "2024-10-21", Golden.json("azure/request/openai-request.json"), KEY);

        JsonNode answer = JSON.readTree(result.answer());
        Golden.assertJson("azure/answer-content-filter/azure-answer.json", answer);
        assertThat(answer.at("/choices/0/finish_reason").asText()).isEqualTo("content_filter");
        assertThat(answer.at("/choices/0/content_filter_results/violence/filtered").asBoolean()).isTrue();
        assertThat(answer.at("/prompt_filter_results/0/content_filter_results/jailbreak/detected").isBoolean()).isTrue();
    }

    @Test
    void aStreamWithContentFilterResultsPassesThroughByteForByte() throws Exception {
        String azure = Golden.text("azure/stream-content-filter/azure-stream.sse");

        CallResult result = AzureOpenAiAdapter.send(new RecordingUpstream(200, azure).at(DEPLOYMENT), Endpoint.CHAT_COMPLETIONS,
                "2024-10-21", Golden.json("azure/request/openai-request.json").put("stream", true), KEY);

        assertThat(new String(result.answer().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(azure);
    }

    @Test
    void aPromptTheContentFilterBlocksIsTheCallersErrorWithAzuresMessage() throws IOException {
        String error = Golden.json("azure/prompt-blocked/azure-error.json").toString();

        CallResult result = AzureOpenAiAdapter.send(new RecordingUpstream(400, error).at(DEPLOYMENT), Endpoint.CHAT_COMPLETIONS,
                "2024-10-21", Golden.json("azure/request/openai-request.json"), KEY);

        assertThat(result.ok()).isFalse();
        assertThat(result.failure().status()).isEqualTo(400);
        assertThat(result.failure().clientError()).as("no failover: another deployment would block it too").isTrue();
        assertThat(JSON.readTree(result.failure().body()).at("/error/code").asText()).isEqualTo("content_filter");
        assertThat(JSON.readTree(result.failure().body()).at("/error/message").asText())
                .startsWith("The response was filtered due to the prompt triggering Azure OpenAI's content management policy.");
    }

    @Test
    void aRejectedKeyFailsOverRatherThanBlamingTheCaller() {
        String error = "{\"error\":{\"code\":\"401\",\"message\":\"Access denied due to invalid subscription key or wrong API endpoint.\"}}";

        CallResult result = AzureOpenAiAdapter.send(new RecordingUpstream(401, error).at(DEPLOYMENT), Endpoint.CHAT_COMPLETIONS,
                "2024-10-21", Golden.json("azure/request/openai-request.json"), KEY);

        assertThat(result.failure().clientError()).isFalse();
    }

    private static Provider provider(String baseUrl, String apiVersion) {
        return new Provider(ProviderType.AZURE_OPENAI, baseUrl, "azure-prod", "eu", true, false, apiVersion, null);
    }

    /** The HTTP request the adapter made, as the golden file writes it. */
    private static ObjectNode wire(RecordingUpstream api) throws IOException {
        ObjectNode call = JSON.createObjectNode();
        call.put("method", "POST");
        call.put("url", api.uri().toString());
        call.putObject("headers").put("api-key", api.header("api-key"));
        call.set("body", JSON.readTree(api.body()));
        return call;
    }
}
