package dev.modelgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * OpenAI's image and audio endpoints, answered deterministically: {@code n} images per prompt (usage
 * counts the prompt's words as input tokens and 100 output tokens per image), speech as bytes that spell
 * the input back (so a test can check the audio passed through untouched), and a transcript naming the
 * uploaded file's size. Transcription models with "transcribe" in their name bill tokens (input: one per
 * 100 bytes of audio; output: the transcript's words); others report the duration (one second per
 * 1,000 bytes), as OpenAI's whisper-1 does.
 */
final class MediaAnswers {

    private final ObjectMapper json;

    MediaAnswers(ObjectMapper json) {
        this.json = json;
    }

    byte[] images(JsonNode request) {
        int n = Math.max(1, request.path("n").asInt(1));
        String prompt = request.path("prompt").asText("");
        boolean b64 = "b64_json".equals(request.path("response_format").asText(""));
        ObjectNode out = json.createObjectNode().put("created", Answers.CREATED);
        ArrayNode data = out.putArray("data");
        for (int i = 0; i < n; i++) {
            ObjectNode image = data.addObject();
            if (b64) {
                image.put("b64_json", Base64.getEncoder().encodeToString(("simulated image " + i).getBytes(StandardCharsets.UTF_8)));
            } else {
                image.put("url", "https://simulated.invalid/images/" + i + ".png");
            }
            image.put("revised_prompt", prompt);
        }
        int input = Answers.words(prompt);
        out.putObject("usage").put("input_tokens", input).put("output_tokens", 100 * n).put("total_tokens", input + 100 * n);
        return Answers.bytes(out);
    }

    /** The audio format's content type, as OpenAI answers it. */
    static String speechType(JsonNode request) {
        return switch (request.path("response_format").asText("mp3")) {
            case "opus" -> "audio/ogg";
            case "aac" -> "audio/aac";
            case "flac" -> "audio/flac";
            case "wav" -> "audio/wav";
            case "pcm" -> "audio/pcm";
            default -> "audio/mpeg";
        };
    }

    byte[] speech(JsonNode request) {
        return ("SIMULATED-AUDIO:" + request.path("voice").asText("") + ":" + request.path("input").asText(""))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The transcript in the asked format, and its content type. */
    Transcript transcript(JsonNode form) {
        long bytes = form.path("file_bytes").asLong(0);
        String model = form.path("model").asText("");
        String text = "Simulated transcript of " + bytes + " bytes of audio.";
        String format = form.path("response_format").asText("json");
        return switch (format) {
            case "text" -> new Transcript("text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
            case "srt" -> new Transcript("text/plain; charset=utf-8",
                    ("1\n00:00:00,000 --> 00:00:01,000\n" + text + "\n").getBytes(StandardCharsets.UTF_8));
            case "vtt" -> new Transcript("text/plain; charset=utf-8",
                    ("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n" + text + "\n").getBytes(StandardCharsets.UTF_8));
            default -> {
                ObjectNode out = json.createObjectNode().put("text", text);
                ObjectNode usage = out.putObject("usage");
                if (model.toLowerCase(Locale.ROOT).contains("transcribe")) {
                    long input = Math.max(1, bytes / 100);
                    int output = Answers.words(text);
                    usage.put("type", "tokens").put("input_tokens", input).put("output_tokens", output)
                            .put("total_tokens", input + output);
                } else {
                    usage.put("type", "duration").put("seconds", Math.max(1, bytes / 1000));
                }
                yield new Transcript("application/json", Answers.bytes(out));
            }
        };
    }

    record Transcript(String contentType, byte[] body) {
    }
}
