package dev.modelgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic answers in Gemini's generateContent format, with the same text and word-count token rule as
 * {@link Answers}. Prompt tokens are the words of {@code systemInstruction} and of every content's text parts,
 * plus the words of every text value inside a functionResponse's {@code response} (a tool result).
 * Candidate tokens are the answer's words (at least 1; a functionCall counts 1); with a smaller
 * {@code generationConfig.maxOutputTokens} the text is cut to that many words and finishReason is MAX_TOKENS.
 * The REST API takes camelCase and snake_case field names, so both are read.
 */
final class GeminiAnswers {

    private final ObjectMapper json;

    GeminiAnswers(ObjectMapper json) {
        this.json = json;
    }

    /** What an answer is derived from, read once from a request. */
    record Prompt(int tokens, String lastUserText, boolean endsWithUserText) {
    }

    private static JsonNode field(JsonNode node, String camel, String snake) {
        return node.has(camel) ? node.path(camel) : node.path(snake);
    }

    Prompt read(JsonNode request) {
        int total = 0;
        for (JsonNode part : field(request, "systemInstruction", "system_instruction").path("parts")) {
            total += Answers.words(part.path("text").asText(""));
        }
        String lastUserText = "";
        boolean endsWithUserText = false;
        for (JsonNode content : request.path("contents")) {
            boolean user = !"model".equals(content.path("role").asText("user"));
            String text = null;
            boolean toolResult = false;
            for (JsonNode part : content.path("parts")) {
                if (part.path("text").isTextual()) {
                    total += Answers.words(part.path("text").asText());
                    text = text == null ? part.path("text").asText() : text;
                }
                JsonNode response = field(part, "functionResponse", "function_response");
                if (!response.isMissingNode()) {
                    toolResult = true;
                    total += textWords(response.path("response"));
                }
            }
            if (user && text != null) {
                lastUserText = text;
            }
            endsWithUserText = user && text != null && !toolResult;
        }
        return new Prompt(total, lastUserText, endsWithUserText);
    }

    private static int textWords(JsonNode node) {
        if (node.isTextual()) {
            return Answers.words(node.asText());
        }
        int n = 0;
        for (JsonNode child : node) {
            n += textWords(child);
        }
        return n;
    }

    private static List<JsonNode> declarations(JsonNode request) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode tool : request.path("tools")) {
            field(tool, "functionDeclarations", "function_declarations").forEach(out::add);
        }
        return out;
    }

    private static JsonNode callingConfig(JsonNode request) {
        return field(field(request, "toolConfig", "tool_config"), "functionCallingConfig", "function_calling_config");
    }

    /**
     * A functionCall answer, like {@link Answers#wantsToolCall}: functionDeclarations are offered, the last content
     * is a user text turn (not a functionResponse), and the user says "call tool" or the calling mode is ANY.
     */
    static boolean wantsFunctionCall(JsonNode request, Prompt prompt) {
        boolean forced = "ANY".equals(callingConfig(request).path("mode").asText());
        return !declarations(request).isEmpty() && prompt.endsWithUserText()
                && (forced || prompt.lastUserText().toLowerCase().contains("call tool"));
    }

    /** The first allowed function name under mode ANY, else the first declaration. */
    private static String functionName(JsonNode request) {
        JsonNode allowed = field(callingConfig(request), "allowedFunctionNames", "allowed_function_names");
        return allowed.isArray() && allowed.size() > 0 ? allowed.get(0).asText()
                : declarations(request).get(0).path("name").asText("tool");
    }

    /** The answer: a functionCall part or a text, why it finished, and its candidate tokens. */
    private record Reply(ObjectNode call, String text, String finishReason, int tokens) {
    }

    private Reply reply(JsonNode request, Prompt prompt) {
        if (wantsFunctionCall(request, prompt)) {
            ObjectNode part = json.createObjectNode();
            part.putObject("functionCall").put("name", functionName(request)).set("args", Answers.toolArguments(json));
            return new Reply(part, null, "STOP", 1);
        }
        String text = Answers.replyTo(prompt.lastUserText());
        JsonNode config = field(request, "generationConfig", "generation_config");
        int max = field(config, "maxOutputTokens", "max_output_tokens").asInt(Integer.MAX_VALUE);
        if (Answers.words(text) > max) {
            text = Answers.firstWords(text, max);
            return new Reply(null, text, "MAX_TOKENS", Answers.words(text));
        }
        return new Reply(null, text, "STOP", Math.max(1, Answers.words(text)));
    }

    byte[] response(JsonNode request, String model, String responseId) {
        Prompt prompt = read(request);
        Reply reply = reply(request, prompt);
        ObjectNode out = json.createObjectNode();
        ObjectNode part = reply.call() != null ? reply.call() : json.createObjectNode().put("text", reply.text());
        candidate(out, part).put("finishReason", reply.finishReason()).put("index", 0);
        out.set("usageMetadata", usage(prompt.tokens(), reply.tokens()));
        return Answers.bytes(out.put("modelVersion", model).put("responseId", responseId));
    }

    /** The GenerateContentResponse chunks of a streamed answer; the last carries finishReason and usageMetadata. */
    List<ObjectNode> chunks(JsonNode request, String model, String responseId) {
        Prompt prompt = read(request);
        Reply reply = reply(request, prompt);
        List<ObjectNode> parts = new ArrayList<>();
        if (reply.call() != null) {
            parts.add(reply.call());
        } else {
            Answers.pieces(reply.text(), 4).forEach(piece -> parts.add(json.createObjectNode().put("text", piece)));
        }
        List<ObjectNode> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            boolean last = i == parts.size() - 1;
            ObjectNode chunk = json.createObjectNode();
            ObjectNode candidate = candidate(chunk, parts.get(i));
            if (last) {
                candidate.put("finishReason", reply.finishReason());
            }
            candidate.put("index", 0);
            if (last) {
                chunk.set("usageMetadata", usage(prompt.tokens(), reply.tokens()));
            }
            out.add(chunk.put("modelVersion", model).put("responseId", responseId));
        }
        return out;
    }

    private ObjectNode candidate(ObjectNode response, ObjectNode part) {
        ObjectNode candidate = response.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content");
        content.putArray("parts").add(part);
        content.put("role", "model");
        return candidate;
    }

    /**
     * A {@code batchEmbedContents} answer: one embedding per request, the same vector {@link Answers} gives the
     * text. Like Gemini's, it reports no token counts.
     */
    byte[] embeddings(JsonNode request) {
        ObjectNode out = json.createObjectNode();
        ArrayNode embeddings = out.putArray("embeddings");
        for (JsonNode one : request.path("requests")) {
            StringBuilder text = new StringBuilder();
            one.path("content").path("parts").forEach(part -> text.append(part.path("text").asText("")));
            Answers.vector(embeddings.addObject().putArray("values"), text.toString());
        }
        return Answers.bytes(out);
    }

    /** A prompt refused by the safety filters: 200, promptFeedback, and no candidates. */
    ObjectNode safetyBlock(JsonNode request, String model) {
        int prompt = read(request).tokens();
        ObjectNode out = json.createObjectNode();
        ObjectNode feedback = out.putObject("promptFeedback").put("blockReason", "SAFETY");
        ArrayNode ratings = feedback.putArray("safetyRatings");
        for (String category : List.of("HARM_CATEGORY_SEXUALLY_EXPLICIT", "HARM_CATEGORY_HATE_SPEECH",
                "HARM_CATEGORY_HARASSMENT", "HARM_CATEGORY_DANGEROUS_CONTENT")) {
            ratings.addObject().put("category", category)
                    .put("probability", category.equals("HARM_CATEGORY_DANGEROUS_CONTENT") ? "HIGH" : "NEGLIGIBLE");
        }
        out.putObject("usageMetadata").put("promptTokenCount", prompt).put("totalTokenCount", prompt);
        return out.put("modelVersion", model);
    }

    private ObjectNode usage(int prompt, int candidates) {
        return json.createObjectNode().put("promptTokenCount", prompt).put("candidatesTokenCount", candidates)
                .put("totalTokenCount", prompt + candidates);
    }

    /** Google's canonical status name for an HTTP status. */
    static String status(int code) {
        return switch (code) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 409 -> "ABORTED";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 499 -> "CANCELLED";
            case 501 -> "UNIMPLEMENTED";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> code >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
        };
    }

    byte[] error(int code, String message) {
        return Answers.bytes(errorNode(code, message, 0));
    }

    /** An error that tells when to retry the way Google does: a RetryInfo detail with retryDelay. */
    byte[] error(int code, String message, int retryAfterSeconds) {
        return Answers.bytes(errorNode(code, message, retryAfterSeconds));
    }

    /** What Gemini sends when it fails after the stream began: an error object as a data event, then nothing. */
    byte[] streamError() {
        return Answers.sse(errorNode(503, "The model is overloaded. Please try again later.", 0));
    }

    private ObjectNode errorNode(int code, String message, int retryAfterSeconds) {
        ObjectNode out = json.createObjectNode();
        ObjectNode error = out.putObject("error").put("code", code).put("message", message).put("status", status(code));
        if (retryAfterSeconds > 0) {
            error.putArray("details").addObject().put("@type", "type.googleapis.com/google.rpc.RetryInfo")
                    .put("retryDelay", retryAfterSeconds + "s");
        }
        return out;
    }
}
