package dev.modelgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * OpenAI's Responses API, {@code POST /v1/responses}: a response object, or its typed event stream
 * ({@code response.created} ... {@code response.completed}, each event named and numbered), with a function call
 * (its arguments streamed in pieces) when tools are offered and the last user text says "call tool", else the same
 * text the chat format answers. Unknown fields are refused ({@link ResponsesSchema}); a
 * {@code previous_response_id} is answered 404, since the simulator keeps nothing, as OpenAI answers an id it does
 * not have.
 */
final class ResponsesDialect implements Dialect {

    private static final String PATH = "/v1/responses";

    private final Answers answers;
    private final ObjectMapper json;
    private final Wire wire;
    private final AtomicLong ids;
    private final OpenAiDialect openAi;

    ResponsesDialect(Answers answers, Wire wire, AtomicLong ids, OpenAiDialect openAi) {
        this.answers = answers;
        this.json = answers.json();
        this.wire = wire;
        this.ids = ids;
        this.openAi = openAi;
    }

    @Override
    public boolean serves(String path) {
        return path.equals(PATH) || path.equals(PATH + "/");
    }

    @Override
    public Optional<Refusal> admit(HttpExchange exchange) {
        return openAi.admit(exchange);
    }

    @Override
    public Optional<Refusal> validate(Call call) {
        JsonNode body = call.body();
        if (!body.path("model").isTextual()) {
            return Optional.of(new Refusal(400, answers.error(400, "Missing required parameter: 'model'.")));
        }
        if (body.hasNonNull("previous_response_id")) {
            return Optional.of(new Refusal(404, answers.error(404, "Previous response with id '"
                    + body.get("previous_response_id").asText() + "' not found.")));
        }
        return ResponsesSchema.check(body).map(problem -> new Refusal(400, answers.error(400, problem)));
    }

    @Override
    public String model(Call call) {
        return call.body().path("model").asText("");
    }

    @Override
    public byte[] error(int status, String message) {
        return answers.error(status, message);
    }

    @Override
    public void answer(Call call, Fault fault) throws IOException {
        String id = "resp_sim_" + ids.incrementAndGet();
        if (call.body().path("stream").asBoolean(false)) {
            wire.stream(call.exchange(), events(call.body(), id), null, fault, streamError());
        } else {
            Wire.json(call.exchange(), Answers.bytes(response(call.body(), id, true)));
        }
    }

    /** All text of a Responses request: instructions, then every item's. */
    static String inputText(JsonNode request) {
        StringBuilder out = new StringBuilder();
        if (request.path("instructions").isTextual()) {
            out.append(request.get("instructions").asText()).append('\n');
        }
        JsonNode input = request.path("input");
        if (input.isTextual()) {
            return out.append(input.asText()).toString();
        }
        for (JsonNode item : input) {
            text(item.path("content"), out);
            text(item.path("output"), out);
            if (item.path("arguments").isTextual()) {
                out.append(item.get("arguments").asText()).append('\n');
            }
        }
        return out.toString();
    }

    private static void text(JsonNode content, StringBuilder out) {
        if (content.isTextual()) {
            out.append(content.asText()).append('\n');
        }
        for (JsonNode part : content) {
            if (part.path("text").isTextual()) {
                out.append(part.get("text").asText()).append('\n');
            }
        }
    }

    static String lastUserText(JsonNode request) {
        JsonNode input = request.path("input");
        if (input.isTextual()) {
            return input.asText();
        }
        String last = "";
        for (JsonNode item : input) {
            if (item.path("type").asText("message").equals("message") && item.path("role").asText().equals("user")) {
                JsonNode content = item.path("content");
                last = content.isTextual() ? content.asText() : content.path(0).path("text").asText("");
            }
        }
        return last;
    }

    /** Tools are offered and asked for, and the last item is not already a tool's output (which is answered in text). */
    private static boolean wantsToolCall(JsonNode request) {
        JsonNode input = request.path("input");
        if (input.isArray() && !input.isEmpty()
                && input.get(input.size() - 1).path("type").asText().equals("function_call_output")) {
            return false;
        }
        boolean hasTools = request.path("tools").isArray() && request.path("tools").size() > 0;
        boolean forced = request.path("tool_choice").isObject();
        return hasTools && (forced || lastUserText(request).toLowerCase().contains("call tool"));
    }

    private ObjectNode response(JsonNode request, String id, boolean complete) {
        ObjectNode out = json.createObjectNode().put("id", id).put("object", "response").put("created_at", Answers.CREATED)
                .put("status", complete ? "completed" : "in_progress").putNull("error").putNull("incomplete_details");
        out.set("instructions", request.path("instructions").isTextual() ? request.get("instructions") : json.nullNode());
        out.put("model", request.path("model").asText());
        out.putArray("output");
        out.put("parallel_tool_calls", true).putNull("previous_response_id");
        out.put("store", request.path("store").asBoolean(true)).put("temperature", 1.0).put("top_p", 1.0);
        out.put("tool_choice", "auto");
        out.set("tools", request.path("tools").isArray() ? request.get("tools") : json.createArrayNode());
        out.putObject("text").putObject("format").put("type", "text");
        out.put("truncation", "disabled").putNull("usage");
        out.putObject("metadata");
        if (complete) {
            ((com.fasterxml.jackson.databind.node.ArrayNode) out.get("output")).add(item(request, id, true));
            String text = wantsToolCall(request) ? Answers.TOOL_ARGUMENTS : Answers.replyTo(lastUserText(request));
            out.set("usage", usage(request, text));
        }
        return out;
    }

    private ObjectNode item(JsonNode request, String id, boolean complete) {
        String status = complete ? "completed" : "in_progress";
        if (wantsToolCall(request)) {
            String name = request.path("tools").get(0).path("name").asText("tool");
            return json.createObjectNode().put("id", "fc_" + id).put("type", "function_call").put("status", status)
                    .put("arguments", complete ? Answers.TOOL_ARGUMENTS : "").put("call_id", "call_" + id).put("name", name);
        }
        ObjectNode message = json.createObjectNode().put("id", "msg_" + id).put("type", "message").put("status", status)
                .put("role", "assistant");
        message.putArray("content");
        if (complete) {
            ((com.fasterxml.jackson.databind.node.ArrayNode) message.get("content")).add(textPart(Answers.replyTo(lastUserText(request))));
        }
        return message;
    }

    private ObjectNode textPart(String text) {
        ObjectNode part = json.createObjectNode().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        return part;
    }

    private ObjectNode usage(JsonNode request, String output) {
        int input = Answers.words(inputText(request));
        int out = Math.max(1, Answers.words(output));
        ObjectNode usage = json.createObjectNode().put("input_tokens", input);
        usage.putObject("input_tokens_details").put("cached_tokens", 0);
        usage.put("output_tokens", out);
        usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
        return usage.put("total_tokens", input + out);
    }

    /** The typed events of a streamed response. */
    List<byte[]> events(JsonNode request, String id) {
        List<ObjectNode> events = new ArrayList<>();
        events.add(event("response.created").set("response", response(request, id, false)));
        events.add(event("response.in_progress").set("response", response(request, id, false)));
        ObjectNode added = item(request, id, false);
        String itemId = added.get("id").asText();
        events.add(event("response.output_item.added").put("output_index", 0).set("item", added));
        if (wantsToolCall(request)) {
            for (String piece : Answers.pieces(Answers.TOOL_ARGUMENTS, 3)) {
                events.add(event("response.function_call_arguments.delta").put("item_id", itemId).put("output_index", 0)
                        .put("delta", piece));
            }
            events.add(event("response.function_call_arguments.done").put("item_id", itemId).put("output_index", 0)
                    .put("arguments", Answers.TOOL_ARGUMENTS));
        } else {
            String text = Answers.replyTo(lastUserText(request));
            events.add(event("response.content_part.added").put("item_id", itemId).put("output_index", 0)
                    .put("content_index", 0).set("part", textPart("")));
            for (String piece : Answers.pieces(text, 4)) {
                ObjectNode delta = event("response.output_text.delta").put("item_id", itemId).put("output_index", 0)
                        .put("content_index", 0).put("delta", piece);
                delta.putArray("logprobs");
                events.add(delta);
            }
            ObjectNode done = event("response.output_text.done").put("item_id", itemId).put("output_index", 0)
                    .put("content_index", 0).put("text", text);
            done.putArray("logprobs");
            events.add(done);
            events.add(event("response.content_part.done").put("item_id", itemId).put("output_index", 0)
                    .put("content_index", 0).set("part", textPart(text)));
        }
        events.add(event("response.output_item.done").put("output_index", 0).set("item", item(request, id, true)));
        events.add(event("response.completed").set("response", response(request, id, true)));
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            ObjectNode e = events.get(i).put("sequence_number", i);
            out.add(named(e));
        }
        return out;
    }

    private ObjectNode event(String type) {
        return json.createObjectNode().put("type", type);
    }

    private static byte[] named(ObjectNode event) {
        return ("event: " + event.get("type").asText() + "\ndata: " + event + "\n\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The error event OpenAI sends when a response fails after the 200. */
    private byte[] streamError() {
        ObjectNode error = event("error").put("code", "server_error")
                .put("message", "The server had an error while processing your request.").putNull("param");
        return named(error);
    }
}
