package dev.modelgate.relay.it;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Base64PdfSource;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.anthropic.models.messages.WebSearchTool20250305;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.simulator.SimulatedProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Anthropic's official Java SDK as the client of the relay's {@code /v1/messages}, served by the test policy's
 * Anthropic deployment (the simulator on 127.0.0.1:18181): what the SDK builds must reach the deployment as it
 * was built, and what the deployment answers must parse in the SDK, for plain messages, streams, tools, thinking,
 * prompt caching and documents.
 */
class AnthropicSdkIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static SimulatedProvider sim;
    private static AnthropicClient client;

    @BeforeAll
    static void start() {
        sim = SharedSimulator.get();
        // The SDK's base URL is the API's root: it adds /v1/messages itself.
        client = AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + RelayIT.PORT).apiKey(RelayIT.KEY)
                .maxRetries(0).timeout(Duration.ofSeconds(20)).build();
    }

    @BeforeEach
    void reset() {
        sim.clear();
    }

    private static MessageCreateParams.Builder ask(String text) {
        return MessageCreateParams.builder().model("claude").maxTokens(1024).addUserMessage(text);
    }

    private static JsonNode sent() throws Exception {
        assertThat(sim.requests()).hasSize(1);
        return JSON.readTree(sim.requests().get(0).body());
    }

    private static Tool readFile() {
        return Tool.builder().name("read_file").description("Reads a file")
                .inputSchema(Tool.InputSchema.builder().properties(Tool.InputSchema.Properties.builder()
                        .putAdditionalProperty("path", JsonValue.from(Map.of("type", "string"))).build()).build())
                .build();
    }

    @Test
    void aPlainMessage() throws Exception {
        Message message = client.messages().create(ask("What is the capital of France?").system("Be brief.").build());

        assertThat(message.content()).singleElement().satisfies(block ->
                assertThat(block.asText().text()).isEqualTo("Simulated answer to: What is the capital of France?"));
        assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(message.usage().inputTokens()).isEqualTo(8);
        assertThat(message.usage().outputTokens()).isEqualTo(9);
        assertThat(sent().path("model").asText()).isEqualTo("sim-claude");
        assertThat(sent().path("system").asText()).isEqualTo("Be brief.");
    }

    @Test
    void aStreamAccumulatesToTheWholeMessage() {
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(ask("Stream me a reply").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message message = accumulator.message();

        assertThat(message.content()).singleElement().satisfies(block ->
                assertThat(block.asText().text()).isEqualTo("Simulated answer to: Stream me a reply"));
        assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(message.usage().outputTokens()).isEqualTo(7);
    }

    @Test
    void aToolCallAndAnErrorResultGoBothWays() throws Exception {
        MessageCreateParams first = ask("Please call tool read_file").addTool(readFile()).build();
        Message called = client.messages().create(first);

        assertThat(called.stopReason()).hasValue(StopReason.TOOL_USE);
        ToolUseBlock use = called.content().get(0).asToolUse();
        assertThat(use.name()).isEqualTo("read_file");

        sim.clear();
        Message answered = client.messages().create(first.toBuilder()
                .addMessage(called.toParam())
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
                        .toolUseId(use.id()).content("No such file").isError(true).build())))
                .build());

        assertThat(answered.stopReason()).hasValue(StopReason.END_TURN);
        JsonNode result = sent().at("/messages/2/content/0");
        assertThat(result.path("type").asText()).isEqualTo("tool_result");
        assertThat(result.path("tool_use_id").asText()).isEqualTo(use.id());
        assertThat(result.path("is_error").asBoolean()).as("the flag, not folded into the text").isTrue();
        assertThat(result.path("content").asText()).isEqualTo("No such file");
    }

    @Test
    void thinkingComesBackWithItsSignatureAndGoesBackUnchanged() throws Exception {
        MessageCreateParams first = ask("Think first").enabledThinking(1024).build();
        Message thought = client.messages().create(first);

        ContentBlock thinking = thought.content().get(0);
        assertThat(thinking.isThinking()).isTrue();
        String signature = thinking.asThinking().signature();
        assertThat(signature).isEqualTo("sig_" + thought.id());
        assertThat(sent().path("thinking")).isEqualTo(JSON.readTree("{\"type\":\"enabled\",\"budget_tokens\":1024}"));

        sim.clear();
        client.messages().create(first.toBuilder().addMessage(thought.toParam()).addUserMessage("And then?").build());
        JsonNode history = sent().at("/messages/1/content/0");
        assertThat(history.path("type").asText()).isEqualTo("thinking");
        assertThat(history.path("signature").asText()).isEqualTo(signature);
    }

    @Test
    void cacheControlReachesAnthropicAndItsCacheWritesAndReadsComeBack() throws Exception {
        MessageCreateParams params = MessageCreateParams.builder().model("claude").maxTokens(256)
                .systemOfTextBlockParams(List.of(TextBlockParam.builder().text("You are a very careful code reviewer.")
                        .cacheControl(CacheControlEphemeral.builder().build()).build()))
                .addUserMessage("Review this").build();
        Message first = client.messages().create(params);

        assertThat(sent().at("/system/0/cache_control/type").asText()).isEqualTo("ephemeral");
        // The first call writes the cached prefix (the 7 words of the system block), the next one reads it.
        assertThat(first.usage().cacheCreationInputTokens()).hasValue(7L);
        assertThat(first.usage().cacheReadInputTokens()).hasValue(0L);
        Message second = client.messages().create(params);
        assertThat(second.usage().cacheReadInputTokens()).hasValue(7L);
        assertThat(second.usage().cacheCreationInputTokens()).hasValue(0L);
        assertThat(second.usage().inputTokens()).isEqualTo(2);
    }

    @Test
    void aPdfDocumentAndAServerToolReachAnthropic() throws Exception {
        Message message = client.messages().create(MessageCreateParams.builder().model("claude").maxTokens(256)
                .addTool(WebSearchTool20250305.builder().maxUses(2).build())
                .addUserMessageOfContentBlockParams(List.of(
                        ContentBlockParam.ofDocument(Base64PdfSource.builder().data("JVBERi0xLjQK").build()),
                        ContentBlockParam.ofText("Summarise the document")))
                .build());

        assertThat(message.content().get(0).asText().text()).isEqualTo("Simulated answer to: Summarise the document");
        JsonNode sent = sent();
        assertThat(sent.at("/messages/0/content/0/source/media_type").asText()).isEqualTo("application/pdf");
        assertThat(sent.at("/tools/0/type").asText()).isEqualTo("web_search_20250305");
    }

    @Test
    void aFeatureOnlyAnthropicCarriesIsA400NamingItWhenTheAliasHasNoAnthropicDeployment() {
        assertThatThrownBy(() -> client.messages().create(MessageCreateParams.builder().model("solo").maxTokens(64)
                .addTool(WebSearchTool20250305.builder().build()).addUserMessage("What is new?").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.getMessage()).contains("web_search_20250305");
                    assertThat(e.headers().values("request-id")).hasSize(1);
                });
        assertThat(sim.requests()).isEmpty();
    }
}
