package dev.modelgate.relay.providers.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.relay.sse.SseEvent;
import dev.modelgate.relay.sse.SseTranslator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The relay's chat chunks as a Responses API stream: {@code response.created} and {@code response.in_progress},
 * then per output item {@code response.output_item.added}; text as {@code response.content_part.added},
 * {@code response.output_text.delta}s, {@code response.output_text.done} and {@code response.content_part.done};
 * a tool call's arguments as {@code response.function_call_arguments.delta}s as they come and
 * {@code response.function_call_arguments.done}; each item closed by {@code response.output_item.done} when chat
 * reports the finish reason; and {@code response.completed} (or {@code response.incomplete}) with the usage on
 * chat's {@code [DONE]}. Every event carries its {@code type} and a {@code sequence_number}.
 *
 * <p>The relay's error event (a stream that broke) becomes an {@code error} event and ends the stream without a
 * completion, as does a source that ends without {@code [DONE]}: a cut answer must never look complete. Never
 * throws: an exception here would read to the relay as the client having gone.
 */
public final class ResponsesStream implements SseTranslator {

    private final ObjectMapper json;
    private final ResponseFrame frame;
    private final String fallbackModel;

    private ObjectNode response;
    private boolean finished;
    private int sequence;
    private int nextIndex;
    private Item message;
    /** Chat's tool call index to the function call item it streams into. */
    private final Map<Integer, Item> calls = new LinkedHashMap<>();
    /** Items in output order, finished ones included. */
    private final List<Item> items = new ArrayList<>();
    private String finishReason;
    private JsonNode usage;
    private boolean closedItems;

    /** One output item being streamed. */
    private static final class Item {
        final int index;
        final ObjectNode node;
        final StringBuilder text = new StringBuilder();
        boolean done;

        Item(int index, ObjectNode node) {
            this.index = index;
            this.node = node;
        }
    }

    /** @param fallbackModel the model to report if the chunks name none */
    public ResponsesStream(ObjectMapper json, ResponseFrame frame, String fallbackModel) {
        this.json = json;
        this.frame = frame;
        this.fallbackModel = fallbackModel;
    }

    /** The response as it ended ({@code completed} or {@code incomplete}), or null when the stream did not end well. */
    public ObjectNode completed() {
        return finished && response != null && !"failed".equals(response.path("status").asText()) ? response : null;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent event) {
        List<SseEvent> out = new ArrayList<>();
        if (finished) {
            return out;
        }
        if (event.data().equals("[DONE]")) {
            start(fallbackModel, out);
            complete(out);
            return out;
        }
        JsonNode chunk;
        try {
            chunk = json.readTree(event.data());
        } catch (IOException e) {
            return fail(out, "The provider's stream could not be read.");
        }
        if (chunk == null || chunk.path("error").isObject()) {
            String message = chunk == null ? "" : chunk.path("error").path("message").asText("");
            return fail(out, message.isEmpty() ? "The provider's stream broke off before the answer was complete." : message);
        }
        start(chunk.path("model").asText(fallbackModel), out);
        if (chunk.path("usage").isObject()) {
            usage = chunk.get("usage");
        }
        JsonNode choice = chunk.path("choices").path(0);
        if (choice.isObject()) {
            JsonNode delta = choice.path("delta");
            if (delta.path("content").isTextual() && !delta.get("content").textValue().isEmpty()) {
                text(delta.get("content").textValue(), out);
            }
            JsonNode toolCalls = delta.path("tool_calls");
            for (JsonNode call : toolCalls) {
                toolCall(call, out);
            }
            if (choice.hasNonNull("finish_reason")) {
                finishReason = choice.get("finish_reason").asText();
                closeItems(out);
            }
        }
        return out;
    }

    @Override
    public List<SseEvent> onEnd() {
        List<SseEvent> out = new ArrayList<>();
        if (!finished) {
            fail(out, "The provider's stream broke off before the answer was complete.");
        }
        return out;
    }

    @Override
    public boolean finished() {
        return finished;
    }

    private void start(String model, List<SseEvent> out) {
        if (response != null) {
            return;
        }
        response = frame.shell("in_progress", model.isEmpty() ? fallbackModel : model);
        emit(out, "response.created", o -> o.set("response", response.deepCopy()));
        emit(out, "response.in_progress", o -> o.set("response", response.deepCopy()));
    }

    private void text(String delta, List<SseEvent> out) {
        if (message == null) {
            ObjectNode node = frame.message("", false);
            node.put("status", "in_progress");
            ((ArrayNode) node.get("content")).removeAll();
            message = new Item(nextIndex++, node);
            items.add(message);
            emit(out, "response.output_item.added", o -> o.put("output_index", message.index).set("item", node.deepCopy()));
            emit(out, "response.content_part.added", o -> o.put("item_id", node.get("id").asText())
                    .put("output_index", message.index).put("content_index", 0).set("part", ResponseFrame.textPart("")));
        }
        message.text.append(delta);
        emit(out, "response.output_text.delta", o -> {
            o.put("item_id", message.node.get("id").asText()).put("output_index", message.index).put("content_index", 0)
                    .put("delta", delta);
            o.putArray("logprobs");
        });
    }

    private void toolCall(JsonNode call, List<SseEvent> out) {
        int index = call.path("index").asInt(calls.size());
        Item item = calls.get(index);
        if (item == null) {
            ObjectNode node = frame.functionCall(calls.size(), call.path("id").asText(""),
                    call.path("function").path("name").asText(""), "", "in_progress");
            Item added = new Item(nextIndex++, node);
            calls.put(index, added);
            items.add(added);
            emit(out, "response.output_item.added", o -> o.put("output_index", added.index).set("item", node.deepCopy()));
            item = added;
        }
        String arguments = call.path("function").path("arguments").asText("");
        if (!arguments.isEmpty()) {
            Item target = item;
            target.text.append(arguments);
            emit(out, "response.function_call_arguments.delta", o -> o.put("item_id", target.node.get("id").asText())
                    .put("output_index", target.index).put("delta", arguments));
        }
    }

    private void closeItems(List<SseEvent> out) {
        if (closedItems) {
            return;
        }
        closedItems = true;
        for (Item item : items) {
            close(item, out);
        }
    }

    private void close(Item item, List<SseEvent> out) {
        if (item.done) {
            return;
        }
        item.done = true;
        String id = item.node.get("id").asText();
        String text = item.text.toString();
        item.node.put("status", "completed");
        if (item.node.get("type").asText().equals("message")) {
            ObjectNode part = ResponseFrame.textPart(text);
            ((ArrayNode) item.node.get("content")).removeAll().add(part);
            emit(out, "response.output_text.done", o -> {
                o.put("item_id", id).put("output_index", item.index).put("content_index", 0).put("text", text);
                o.putArray("logprobs");
            });
            emit(out, "response.content_part.done", o -> o.put("item_id", id).put("output_index", item.index)
                    .put("content_index", 0).set("part", part.deepCopy()));
        } else {
            item.node.put("arguments", text);
            emit(out, "response.function_call_arguments.done", o -> o.put("item_id", id).put("output_index", item.index)
                    .put("name", item.node.get("name").asText()).put("arguments", text));
        }
        emit(out, "response.output_item.done", o -> o.put("output_index", item.index).set("item", item.node.deepCopy()));
    }

    private void complete(List<SseEvent> out) {
        closeItems(out);
        ArrayNode output = (ArrayNode) response.get("output");
        for (Item item : items) {
            output.add(item.node.deepCopy());
        }
        ResponseFrame.finish(response, finishReason);
        response.set("usage", ResponsesUsage.fromChat(usage == null ? json.missingNode() : usage));
        finished = true;
        String type = response.get("status").asText().equals("incomplete") ? "response.incomplete" : "response.completed";
        emit(out, type, o -> o.set("response", response.deepCopy()));
    }

    private List<SseEvent> fail(List<SseEvent> out, String message) {
        finished = true;
        if (response != null) {
            response.put("status", "failed");
        }
        emit(out, "error", o -> o.put("code", "server_error").put("message", message).putNull("param"));
        return out;
    }

    private void emit(List<SseEvent> out, String type, java.util.function.Consumer<ObjectNode> fill) {
        ObjectNode event = json.createObjectNode().put("type", type);
        fill.accept(event);
        event.put("sequence_number", sequence++);
        out.add(SseEvent.named(type, event.toString()));
    }
}
