package dev.modelgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** OpenAI's image and audio endpoints on the simulator, including the multipart upload a transcription is. */
class MediaSimulationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BOUNDARY = "sim-boundary-42";

    private final HttpClient http = HttpClient.newHttpClient();
    private SimulatedProvider sim;

    @BeforeEach
    void start() throws IOException {
        sim = SimulatedProvider.start(0, Optional.of("sk-sim-media"));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private HttpResponse<byte[]> post(String path, String contentType, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .header("Authorization", "Bearer sk-sim-media").header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> postJson(String path, String body) throws Exception {
        return post(path, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    /** A form with a model, a response format and an audio file of {@code audioBytes} bytes (including CR LF pairs). */
    private static byte[] form(String model, String format, int audioBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n" + model + "\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"response_format\"\r\n\r\n" + format + "\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < audioBytes; i++) {
            out.write(i % 50 == 0 ? '\r' : i % 50 == 1 ? '\n' : i & 0xff);
        }
        out.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private HttpResponse<byte[]> transcribe(byte[] form) throws Exception {
        return post("/audio/transcriptions", "multipart/form-data; boundary=" + BOUNDARY, form);
    }

    @Test
    void answersNImagesAsUrlsOrBase64WithTokenUsage() throws Exception {
        HttpResponse<byte[]> urls = postJson("/images/generations", "{\"model\":\"sim-image\",\"prompt\":\"a red fox\",\"n\":2}");
        assertThat(urls.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(urls.body());
        assertThat(body.path("data")).hasSize(2);
        assertThat(body.at("/data/1/url").asText()).isEqualTo("https://simulated.invalid/images/1.png");
        assertThat(body.at("/data/0/revised_prompt").asText()).isEqualTo("a red fox");
        assertThat(body.path("usage")).isEqualTo(JSON.readTree("{\"input_tokens\":3,\"output_tokens\":200,\"total_tokens\":203}"));

        JsonNode b64 = JSON.readTree(postJson("/images/generations",
                "{\"model\":\"sim-image\",\"prompt\":\"a fox\",\"response_format\":\"b64_json\"}").body());
        assertThat(b64.path("data")).hasSize(1);
        assertThat(new String(Base64.getDecoder().decode(b64.at("/data/0/b64_json").asText()), StandardCharsets.UTF_8))
                .isEqualTo("simulated image 0");
        assertThat(b64.at("/data/0/url").isMissingNode()).isTrue();
    }

    @Test
    void speaksTheInputBackAsAudioBytesOfTheAskedType() throws Exception {
        HttpResponse<byte[]> mp3 = postJson("/audio/speech", "{\"model\":\"sim-tts\",\"voice\":\"alloy\",\"input\":\"Hello there\"}");
        assertThat(mp3.statusCode()).isEqualTo(200);
        assertThat(mp3.headers().firstValue("Content-Type")).hasValue("audio/mpeg");
        assertThat(new String(mp3.body(), StandardCharsets.UTF_8)).isEqualTo("SIMULATED-AUDIO:alloy:Hello there");

        HttpResponse<byte[]> wav = postJson("/audio/speech", "{\"model\":\"sim-tts\",\"voice\":\"echo\",\"input\":\"x\",\"response_format\":\"wav\"}");
        assertThat(wav.headers().firstValue("Content-Type")).hasValue("audio/wav");
    }

    @Test
    void transcribesAnUploadByItsSizeWithDurationOrTokenUsageByModel() throws Exception {
        HttpResponse<byte[]> whisper = transcribe(form("whisper-1", "json", 3000));
        assertThat(whisper.statusCode()).isEqualTo(200);
        JsonNode duration = JSON.readTree(whisper.body());
        assertThat(duration.path("text").asText()).isEqualTo("Simulated transcript of 3000 bytes of audio.");
        assertThat(duration.path("usage")).isEqualTo(JSON.readTree("{\"type\":\"duration\",\"seconds\":3}"));

        JsonNode tokens = JSON.readTree(transcribe(form("gpt-4o-transcribe", "json", 3000)).body());
        assertThat(tokens.path("usage"))
                .isEqualTo(JSON.readTree("{\"type\":\"tokens\",\"input_tokens\":30,\"output_tokens\":7,\"total_tokens\":37}"));

        HttpResponse<byte[]> text = transcribe(form("whisper-1", "text", 10));
        assertThat(text.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(new String(text.body(), StandardCharsets.UTF_8)).isEqualTo("Simulated transcript of 10 bytes of audio.");
    }

    @Test
    void refusesABrokenFormAndMatchesFaultsOnTheFormsModel() throws Exception {
        HttpResponse<byte[]> broken = post("/audio/transcriptions", "multipart/form-data; boundary=" + BOUNDARY,
                ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1").getBytes(StandardCharsets.UTF_8));
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(broken.body()).at("/error/message").asText()).contains("multipart");

        sim.faults().forModel("whisper-1", 1, Fault.status(503));
        assertThat(transcribe(form("gpt-4o-transcribe", "json", 10)).statusCode()).isEqualTo(200);
        assertThat(transcribe(form("whisper-1", "json", 10)).statusCode()).isEqualTo(503);
        assertThat(transcribe(form("whisper-1", "json", 10)).statusCode()).isEqualTo(200);
    }
}
