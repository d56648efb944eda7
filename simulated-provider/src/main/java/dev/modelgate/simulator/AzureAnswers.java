package dev.modelgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Azure OpenAI's additions to OpenAI's answers: content filter verdicts on the prompt ({@code prompt_filter_results})
 * and on every choice ({@code content_filter_results}), the filter-first chunk of a stream, and Azure's own error
 * bodies for what its gateway answers itself (key, rate limit, content filter, missing api-version).
 */
final class AzureAnswers {

    private static final List<String> CATEGORIES = List.of("hate", "self_harm", "sexual", "violence");

    private final ObjectMapper json;
    private final Answers answers;

    AzureAnswers(ObjectMapper json, Answers answers) {
        this.json = json;
        this.answers = answers;
    }

    /** Every category safe; the prompt's verdict also says no jailbreak was detected. */
    private ObjectNode verdicts(boolean prompt) {
        ObjectNode out = json.createObjectNode();
        for (String category : CATEGORIES) {
            out.putObject(category).put("filtered", false).put("severity", "safe");
        }
        if (prompt) {
            out.putObject("jailbreak").put("filtered", false).put("detected", false);
        }
        return out;
    }

    private ArrayNode promptFilterResults() {
        ArrayNode out = json.createArrayNode();
        out.addObject().put("prompt_index", 0).set("content_filter_results", verdicts(true));
        return out;
    }

    /** An OpenAI chat completion or completion with Azure's filter verdicts added. */
    byte[] filtered(ObjectNode answer) {
        answer.set("prompt_filter_results", promptFilterResults());
        for (JsonNode choice : answer.path("choices")) {
            ((ObjectNode) choice).set("content_filter_results", verdicts(false));
        }
        return Answers.bytes(answer);
    }

    /**
     * An OpenAI stream as Azure sends it: first a chunk with only the prompt's verdicts and no choices (empty id
     * and model), then the chunks, each choice with verdicts on its content (empty when it carries none).
     */
    List<byte[]> chunks(List<ObjectNode> openAiChunks) {
        List<byte[]> out = new ArrayList<>();
        ObjectNode first = json.createObjectNode();
        first.putArray("choices");
        first.put("created", 0).put("id", "").put("model", "").put("object", "").set("prompt_filter_results", promptFilterResults());
        out.add(Answers.sse(first));
        for (ObjectNode chunk : openAiChunks) {
            for (JsonNode choice : chunk.path("choices")) {
                boolean content = !choice.path("delta").path("content").asText("").isEmpty();
                ((ObjectNode) choice).set("content_filter_results", content ? verdicts(false) : json.createObjectNode());
            }
            out.add(Answers.sse(chunk));
        }
        return out;
    }

    /** Azure's refusal of a prompt its content filter flagged. */
    byte[] contentFilterError() {
        ObjectNode out = json.createObjectNode();
        ObjectNode error = out.putObject("error");
        error.put("message", "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. "
                + "Please modify your prompt and retry. To learn more about our content filtering policies please read our "
                + "documentation: https://go.microsoft.com/fwlink/?linkid=2198766");
        error.putNull("type");
        error.put("param", "prompt").put("code", "content_filter").put("status", 400);
        ObjectNode result = verdicts(true);
        result.putObject("violence").put("filtered", true).put("severity", "high");
        error.putObject("innererror").put("code", "ResponsibleAIPolicyViolation").set("content_filter_result", result);
        return Answers.bytes(out);
    }

    /**
     * Azure's gateway answers 401, 404 and 429 itself, as {@code {"error":{"code":"429","message":...}}}; other
     * failures come from the model service behind it in OpenAI's shape.
     */
    byte[] error(int status, String message) {
        if (status == 401 || status == 404 || status == 429) {
            ObjectNode out = json.createObjectNode();
            out.putObject("error").put("code", String.valueOf(status)).put("message", message);
            return Answers.bytes(out);
        }
        return answers.error(status, message);
    }

    /** Missing or unsupported api-version. */
    byte[] badApiVersion() {
        ObjectNode out = json.createObjectNode();
        out.putObject("error").put("code", "BadRequest").put("message", "Missing required query parameter 'api-version'.");
        return Answers.bytes(out);
    }
}
