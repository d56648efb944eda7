package dev.modelgate.relay.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.relay.providers.TranslationException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * OpenAI embeddings requests as Gemini {@code batchEmbedContents} calls (one request per input text), and
 * the vectors back in OpenAI's list shape.
 */
public final class GeminiEmbeddings {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GeminiEmbeddings() {
    }

    public static ObjectNode request(ObjectNode openAi, String model) throws TranslationException {
        ObjectNode gemini = JSON.createObjectNode();
        ArrayNode requests = gemini.putArray("requests");
        for (String text : texts(openAi.path("input"))) {
            ObjectNode request = requests.addObject();
            request.put("model", "models/" + model);
            request.putObject("content").putArray("parts").addObject().put("text", text);
            if (openAi.hasNonNull("dimensions")) {
                request.put("outputDimensionality", openAi.get("dimensions").asInt());
            }
        }
        return gemini;
    }

    private static List<String> texts(JsonNode input) throws TranslationException {
        List<String> texts = new ArrayList<>();
        if (input.isTextual()) {
            texts.add(input.asText());
        } else if (input.isArray() && !input.isEmpty()) {
            for (JsonNode item : input) {
                if (!item.isTextual()) {
                    throw new TranslationException("Gemini embeds text only; token arrays cannot be sent to it.");
                }
                texts.add(item.asText());
            }
        } else {
            throw new TranslationException("input must be a string or an array of strings.");
        }
        return texts;
    }

    /**
     * The OpenAI answer, without {@code usage}: Gemini's batch answer reports no token counts, and zeros would
     * say the call cost nothing. The relay bills such an answer on its own estimate of the input tokens.
     *
     * @param base64 the client asked for {@code encoding_format: base64}: little-endian float32 values, base64-encoded, as OpenAI sends them
     */
    public static ObjectNode answer(JsonNode gemini, String model, boolean base64) throws TranslationException {
        if (!gemini.path("embeddings").isArray()) {
            throw new TranslationException("The answer has no embeddings.");
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("object", "list");
        ArrayNode data = answer.putArray("data");
        int index = 0;
        for (JsonNode embedding : gemini.get("embeddings")) {
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", index++);
            JsonNode values = embedding.path("values");
            if (base64) {
                item.put("embedding", encode(values));
            } else {
                item.set("embedding", values);
            }
        }
        answer.put("model", model);
        return answer;
    }

    private static String encode(JsonNode values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.size() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (JsonNode value : values) {
            buffer.putFloat(value.floatValue());
        }
        return Base64.getEncoder().encodeToString(buffer.array());
    }
}
