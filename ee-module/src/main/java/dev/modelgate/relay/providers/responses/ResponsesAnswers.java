package dev.modelgate.relay.providers.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.relay.providers.TranslationException;

/** A chat completion carried back as a Responses API response object. */
public final class ResponsesAnswers {

    private ResponsesAnswers() {
    }

    /**
     * @throws TranslationException when the chat answer has no choice to carry
     */
    public static ObjectNode fromChat(JsonNode chat, ResponseFrame frame) throws TranslationException {
        JsonNode choice = chat.path("choices").path(0);
        if (!choice.isObject()) {
            throw new TranslationException("The provider's answer holds no choice.");
        }
        ObjectNode response = frame.shell("completed", chat.path("model").asText(""));
        ArrayNode output = (ArrayNode) response.get("output");
        JsonNode message = choice.path("message");
        String text = ResponsesRequests.text(message.get("content"));
        if (!text.isEmpty()) {
            output.add(frame.message(text, false));
        } else if (message.path("refusal").isTextual()) {
            output.add(frame.message(message.get("refusal").textValue(), true));
        }
        JsonNode calls = message.path("tool_calls");
        for (int k = 0; k < calls.size(); k++) {
            JsonNode call = calls.get(k);
            output.add(frame.functionCall(k, call.path("id").asText(), call.path("function").path("name").asText(),
                    call.path("function").path("arguments").asText(""), "completed"));
        }
        ResponseFrame.finish(response, choice.path("finish_reason").asText(null));
        response.set("usage", ResponsesUsage.fromChat(chat.path("usage")));
        return response;
    }
}
