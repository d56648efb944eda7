package dev.modelgate.relay.providers.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What every response object of one request repeats of it (its settings, as OpenAI echoes them) and the
 * relay's identity for it.
 *
 * @param id                 the response's id ({@code resp_...})
 * @param createdAt          epoch seconds
 * @param request            the client's Responses body, as it sent it
 * @param previousResponseId the response this one continues, or null
 * @param store              whether the relay keeps the response for {@code previous_response_id} and retrieval
 */
public record ResponseFrame(String id, long createdAt, JsonNode request, String previousResponseId, boolean store) {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The id part shared by the response's output items ({@code msg_<part>}, {@code fc_<part>_<n>}). */
    String itemPart() {
        return id.startsWith("resp_") ? id.substring(5) : id;
    }

    /** A response object without output or usage, in the given status. */
    public ObjectNode shell(String status, String model) {
        ObjectNode response = NODES.objectNode();
        response.put("id", id);
        response.put("object", "response");
        response.put("created_at", createdAt);
        response.put("status", status);
        response.put("background", false);
        response.putNull("error");
        response.putNull("incomplete_details");
        echo(response, "instructions");
        echo(response, "max_output_tokens");
        response.put("model", model);
        response.putArray("output");
        response.put("parallel_tool_calls", request.path("parallel_tool_calls").asBoolean(true));
        if (previousResponseId == null) {
            response.putNull("previous_response_id");
        } else {
            response.put("previous_response_id", previousResponseId);
        }
        ObjectNode reasoning = response.putObject("reasoning");
        JsonNode effort = request.path("reasoning").path("effort");
        if (effort.isTextual()) {
            reasoning.put("effort", effort.textValue());
        } else {
            reasoning.putNull("effort");
        }
        reasoning.putNull("summary");
        response.put("store", store);
        response.set("temperature", request.hasNonNull("temperature") ? request.get("temperature").deepCopy() : NODES.numberNode(1.0));
        if (request.path("text").isObject()) {
            response.set("text", request.get("text").deepCopy());
        } else {
            response.putObject("text").putObject("format").put("type", "text");
        }
        response.set("tool_choice", request.hasNonNull("tool_choice") ? request.get("tool_choice").deepCopy() : NODES.textNode("auto"));
        response.set("tools", request.path("tools").isArray() ? request.get("tools").deepCopy() : NODES.arrayNode());
        response.set("top_p", request.hasNonNull("top_p") ? request.get("top_p").deepCopy() : NODES.numberNode(1.0));
        response.put("truncation", "disabled");
        response.putNull("usage");
        response.set("metadata", request.path("metadata").isObject() ? request.get("metadata").deepCopy() : NODES.objectNode());
        return response;
    }

    private void echo(ObjectNode response, String field) {
        JsonNode value = request.get(field);
        response.set(field, value == null ? NODES.nullNode() : value.deepCopy());
    }

    /** A finished output message with one text part. */
    ObjectNode message(String text, boolean refusal) {
        ObjectNode item = NODES.objectNode().put("id", "msg_" + itemPart()).put("type", "message")
                .put("status", "completed").put("role", "assistant");
        item.putArray("content").add(refusal ? refusalPart(text) : textPart(text));
        return item;
    }

    static ObjectNode textPart(String text) {
        ObjectNode part = NODES.objectNode().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        part.putArray("logprobs");
        return part;
    }

    static ObjectNode refusalPart(String text) {
        return NODES.objectNode().put("type", "refusal").put("refusal", text);
    }

    /** A function call item. */
    ObjectNode functionCall(int n, String callId, String name, String arguments, String status) {
        return NODES.objectNode().put("id", "fc_" + itemPart() + "_" + n).put("type", "function_call").put("status", status)
                .put("arguments", arguments).put("call_id", callId).put("name", name);
    }

    /**
     * Sets the final status from chat's finish reason: cut by the output limit or a content filter is
     * {@code incomplete} with the reason, as OpenAI reports it; anything else {@code completed}.
     */
    static void finish(ObjectNode response, String finishReason) {
        String incomplete = switch (finishReason == null ? "" : finishReason) {
            case "length" -> "max_output_tokens";
            case "content_filter" -> "content_filter";
            default -> null;
        };
        if (incomplete == null) {
            response.put("status", "completed");
        } else {
            response.put("status", "incomplete");
            response.putObject("incomplete_details").put("reason", incomplete);
        }
    }
}
