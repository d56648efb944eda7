package dev.modelgate.relay.providers.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Responses conversation as the relay keeps and continues it: {@code previous_response_id} stands for the earlier
 * response's input items followed by its output, and the request is carried out as if the client had sent all of
 * them. Items are kept in one normal form (typed, with an id, message content as parts) so that the list
 * {@code GET /v1/responses/{id}/input_items} returns reads as OpenAI's.
 */
public final class ResponsesConversation {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ResponsesConversation() {
    }

    /**
     * The request with the earlier turns before its own input, without {@code previous_response_id}, and with
     * {@code store: false}: the relay keeps the conversation, so an OpenAI deployment it is passed to must not.
     *
     * @param history the earlier response's input items and output, in order ({@link #history}); empty for none
     */
    public static ObjectNode continued(ObjectNode client, ArrayNode history) {
        ObjectNode out = client.deepCopy();
        out.remove("previous_response_id");
        JsonNode input = client.get("input");
        if (!history.isEmpty() || input == null || input.isTextual()) {
            ArrayNode items = history.deepCopy();
            if (input != null && input.isTextual()) {
                items.addObject().put("role", "user").put("content", input.textValue());
            } else if (input != null && input.isArray()) {
                items.addAll((ArrayNode) input.deepCopy());
            }
            out.set("input", items);
        }
        out.put("store", false);
        return out;
    }

    /**
     * What a stored response continues with: its input items, then its output items (a model's reasoning only when
     * it is carried encrypted, as a provider can read it back).
     */
    public static ArrayNode history(JsonNode inputItems, JsonNode response) {
        ArrayNode out = NODES.arrayNode();
        for (JsonNode item : inputItems) {
            ObjectNode copy = item.deepCopy();
            if (copy.path("type").asText().equals("message") && !copy.path("role").asText().equals("assistant")) {
                copy.remove("id"); // an input message has no id in a request; the kept one is for listing only
            }
            out.add(copy);
        }
        for (JsonNode item : response.path("output")) {
            if (!item.path("type").asText().equals("reasoning") || item.hasNonNull("encrypted_content")) {
                out.add(item.deepCopy());
            }
        }
        return out;
    }

    /**
     * The request's input items in their kept form: each with a {@code type} and an {@code id} (given ones kept),
     * message content as parts.
     *
     * @param idPart the response's id without {@code resp_}, from which items without one get theirs
     */
    public static ArrayNode normalized(JsonNode input, String idPart) {
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < input.size(); i++) {
            ObjectNode item = input.get(i).deepCopy();
            String type = item.path("type").asText("message");
            item.put("type", type);
            if (type.equals("message") && item.path("content").isTextual()) {
                String text = item.get("content").textValue();
                String partType = item.path("role").asText().equals("assistant") ? "output_text" : "input_text";
                ObjectNode part = item.putArray("content").addObject().put("type", partType).put("text", text);
                if (partType.equals("output_text")) {
                    part.putArray("annotations");
                }
            }
            if (!item.hasNonNull("id")) {
                String prefix = switch (type) {
                    case "message" -> "msg_";
                    case "function_call" -> "fc_";
                    case "function_call_output" -> "fco_";
                    default -> "item_";
                };
                item.put("id", prefix + idPart + "_in" + i);
            }
            if (type.equals("message") && !item.has("status")) {
                item.put("status", "completed");
            }
            out.add(item);
        }
        return out;
    }
}
