package dev.modelgate.relay.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.MultipartField;
import com.openai.core.http.HttpResponse;
import com.openai.models.audio.AudioResponseFormat;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImagesResponse;
import dev.modelgate.simulator.RecordedRequest;
import dev.modelgate.simulator.SimulatedProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pass-through endpoints through the official OpenAI Java SDK: image generation, speech (binary audio)
 * and transcription (a multipart upload), each routed, priced and recorded like chat.
 */
class MediaIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static SimulatedProvider sim;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        sim = SharedSimulator.get();
        client = OpenAIOkHttpClient.builder().baseUrl(RelayIT.BASE).apiKey(RelayIT.KEY).maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();
    }

    @BeforeEach
    void reset() {
        sim.clear();
    }

    private static JsonNode generation(String id) throws Exception {
        return GenerationRecords.of(id);
    }

    @Test
    void imagesAreGeneratedByTheFirstDeploymentThatHasTheEndpointAndPricedPerImage() throws Exception {
        var raw = client.images().withRawResponse().generate(ImageGenerateParams.builder().model("images")
                .prompt("a red fox in snow").n(2).build());
        ImagesResponse images = raw.parse();

        assertThat(images.data()).hasValueSatisfying(d -> assertThat(d).hasSize(2));
        assertThat(raw.headers().values("x-modelgate-provider")).containsExactly("sim");
        // The Anthropic deployment listed first has no image endpoint: passed over without a call.
        assertThat(sim.requests()).extracting(RecordedRequest::path).containsExactly("/v1/images/generations");
        assertThat(JSON.readTree(sim.requests().get(0).body()).path("model").asText()).isEqualTo("sim-image");
        JsonNode record = generation(raw.headers().values("x-request-id").get(0));
        // 5 prompt tokens × 5 + 200 image tokens × 40 micro-USD + 2 images × 0.04 USD = 88,025 micro-USD
        assertThat(new BigDecimal(record.path("total_cost").asText())).isEqualByComparingTo("0.088025");
        assertThat(record.path("attempts")).extracting(a -> a.path("deployment").asText() + " " + a.path("outcome").asText())
                .containsExactly("simanthropic/sim-claude-img simanthropic has no /v1/images/generations", "sim/sim-image ok");
    }

    @Test
    void speechComesBackAsTheProvidersAudioBytes() throws Exception {
        try (HttpResponse audio = client.audio().speech().create(SpeechCreateParams.builder().model("speech")
                .input("Hello there").voice("alloy").build())) {
            assertThat(audio.statusCode()).isEqualTo(200);
            assertThat(audio.headers().values("Content-Type")).singleElement().asString().startsWith("audio/mpeg");
            assertThat(new String(audio.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("SIMULATED-AUDIO:alloy:Hello there");
            assertThat(new BigDecimal(audio.headers().values("x-modelgate-cost").get(0))).isPositive();
        }
        assertThat(JSON.readTree(sim.requests().get(0).body()).path("model").asText()).isEqualTo("sim-tts");
    }

    @Test
    void aTranscriptionUploadReachesTheProviderWithItsFileIntactAndIsBilledByTokens() throws Exception {
        byte[] audio = new byte[2500];
        Arrays.fill(audio, (byte) 0x7f);
        audio[0] = 0; // binary, not text
        var raw = client.audio().transcriptions().withRawResponse().create(TranscriptionCreateParams.builder()
                .model("transcribe").file(MultipartField.<java.io.InputStream>builder().value(new java.io.ByteArrayInputStream(audio))
                        .filename("clip.wav").contentType("audio/wav").build())
                .responseFormat(AudioResponseFormat.JSON).build());

        assertThat(raw.parse().asTranscription().text()).isEqualTo("Simulated transcript of 2500 bytes of audio.");
        RecordedRequest sent = sim.requests().get(0);
        assertThat(sent.path()).isEqualTo("/v1/audio/transcriptions");
        assertThat(sent.body()).contains("sim-transcribe").doesNotContain("name=\"model\"\r\n\r\ntranscribe\r\n");
        // 25 input tokens × 2.5 + 7 output tokens × 10 micro-USD = 132.5, rounded up
        assertThat(raw.headers().values("x-modelgate-cost")).containsExactly("0.000133");
    }
}
