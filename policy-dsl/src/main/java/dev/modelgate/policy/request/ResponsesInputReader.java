package dev.modelgate.policy.request;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Validates the {@code input} and {@code instructions} of an OpenAI Responses API request and collects every text
 * a guardrail must see, as {@link ChatMessagesReader} does for chat: message contents and their parts, function
 * call arguments, tool outputs, reasoning summaries, custom tool inputs and outputs; plus image inputs. Each text
 * carries the JSON Pointer of its node in the client's own body, so a redaction rewrites that body exactly (the
 * edge signs a hash of those bytes, and an OpenAI deployment is sent them as they are).
 *
 * <p>Item types the reader does not know are refused rather than skipped: a text in an unknown item would pass
 * the guardrails unseen.
 */
final class ResponsesInputReader {

    private static final String ITEM_TYPES = "message, function_call, function_call_output, reasoning, item_reference, "
            + "custom_tool_call or custom_tool_call_output";

    private final int maxItems;

    ResponsesInputReader(int maxItems) {
        this.maxItems = maxItems;
    }

    /** Returns the number of conversation items (the instructions count as one, as a system message does in chat). */
    int read(JsonNode root, List<TextPart> texts, List<ImagePart> images) throws RequestException {
        int count = 0;
        String instructions = Fields.optionalString(root, "instructions", "instructions");
        if (instructions != null) {
            texts.add(new TextPart("/instructions", instructions));
            count++;
        }
        JsonNode input = root.get("input");
        if (Fields.absent(input)) {
            throw RequestException.missing("input");
        }
        if (input.isTextual()) {
            texts.add(new TextPart("/input", input.textValue()));
            return count + 1;
        }
        if (!input.isArray()) {
            throw RequestException.invalidType("input", "a string or an array of input items");
        }
        if (input.isEmpty() && Fields.absent(root.get("previous_response_id"))) {
            throw RequestException.invalidValue("input", "'input' must contain at least one item.");
        }
        if (input.size() > maxItems) {
            throw Fields.tooManyItems("input", maxItems);
        }
        for (int i = 0; i < input.size(); i++) {
            readItem(input.get(i), i, texts, images);
        }
        return count + input.size();
    }

    private static void readItem(JsonNode item, int i, List<TextPart> texts, List<ImagePart> images)
            throws RequestException {
        String param = "input[" + i + "]";
        String base = "/input/" + i;
        if (!item.isObject()) {
            throw RequestException.invalidType(param, "an input item object");
        }
        String type = Fields.optionalString(item, "type", param + ".type");
        if (type == null) {
            type = "message"; // the easy form: {"role": ..., "content": ...}
        }
        switch (type) {
            case "message" -> readMessage(item, param, base, texts, images);
            case "function_call" -> {
                Fields.requiredString(item, "call_id", param + ".call_id");
                Fields.requiredString(item, "name", param + ".name");
                texts.add(new TextPart(base + "/arguments", Fields.requiredString(item, "arguments", param + ".arguments")));
            }
            case "function_call_output", "custom_tool_call_output" -> {
                Fields.requiredString(item, "call_id", param + ".call_id");
                readOutput(item, param, base, texts, images);
            }
            case "custom_tool_call" -> {
                Fields.requiredString(item, "call_id", param + ".call_id");
                Fields.requiredString(item, "name", param + ".name");
                texts.add(new TextPart(base + "/input", Fields.requiredString(item, "input", param + ".input")));
            }
            case "reasoning" -> readSummary(item, param, base, texts);
            case "item_reference" -> Fields.requiredString(item, "id", param + ".id");
            default -> throw RequestException.badRequest("unsupported_input_item", param + ".type",
                    "Unsupported input item type '" + type + "' in " + param + ". Use " + ITEM_TYPES + ".");
        }
    }

    private static void readMessage(JsonNode item, String param, String base, List<TextPart> texts,
            List<ImagePart> images) throws RequestException {
        String role = Fields.requiredString(item, "role", param + ".role");
        switch (role) {
            case "user", "assistant", "system", "developer" -> {
            }
            default -> throw RequestException.invalidValue(param + ".role", "Unknown role '" + role + "' in " + param
                    + ". Use user, assistant, system or developer.");
        }
        JsonNode content = item.get("content");
        if (Fields.absent(content)) {
            throw RequestException.missing(param + ".content");
        }
        if (content.isTextual()) {
            texts.add(new TextPart(base + "/content", content.textValue()));
            return;
        }
        if (!content.isArray()) {
            throw RequestException.invalidType(param + ".content", "a string or an array of content parts");
        }
        for (int j = 0; j < content.size(); j++) {
            readPart(content.get(j), param + ".content[" + j + "]", base + "/content/" + j, texts, images);
        }
    }

    /** A tool's output: a string, or (newer API versions) an array of input content parts. */
    private static void readOutput(JsonNode item, String param, String base, List<TextPart> texts,
            List<ImagePart> images) throws RequestException {
        JsonNode output = item.get("output");
        if (Fields.absent(output)) {
            throw RequestException.missing(param + ".output");
        }
        if (output.isTextual()) {
            texts.add(new TextPart(base + "/output", output.textValue()));
            return;
        }
        if (!output.isArray()) {
            throw RequestException.invalidType(param + ".output", "a string or an array of content parts");
        }
        for (int j = 0; j < output.size(); j++) {
            readPart(output.get(j), param + ".output[" + j + "]", base + "/output/" + j, texts, images);
        }
    }

    private static void readSummary(JsonNode item, String param, String base, List<TextPart> texts)
            throws RequestException {
        JsonNode summary = item.get("summary");
        if (Fields.absent(summary)) {
            return;
        }
        if (!summary.isArray()) {
            throw RequestException.invalidType(param + ".summary", "an array of summary parts");
        }
        for (int j = 0; j < summary.size(); j++) {
            JsonNode part = summary.get(j);
            if (!part.isObject()) {
                throw RequestException.invalidType(param + ".summary[" + j + "]", "a summary part object");
            }
            texts.add(new TextPart(base + "/summary/" + j + "/text",
                    Fields.requiredString(part, "text", param + ".summary[" + j + "].text")));
        }
    }

    private static void readPart(JsonNode part, String param, String pointer, List<TextPart> texts,
            List<ImagePart> images) throws RequestException {
        if (!part.isObject()) {
            throw RequestException.invalidType(param, "a content part object with a 'type'");
        }
        String type = Fields.requiredString(part, "type", param + ".type");
        switch (type) {
            case "input_text", "output_text", "text" -> texts.add(new TextPart(pointer + "/text",
                    Fields.requiredString(part, "text", param + ".text")));
            case "refusal" -> texts.add(new TextPart(pointer + "/refusal",
                    Fields.requiredString(part, "refusal", param + ".refusal")));
            case "input_image" -> images.add(image(part, param, pointer));
            case "input_file" -> {
                String filename = Fields.optionalString(part, "filename", param + ".filename");
                if (filename != null) {
                    texts.add(new TextPart(pointer + "/filename", filename));
                }
            }
            case "input_audio" -> {
                if (!part.path("input_audio").isObject()) {
                    throw RequestException.invalidType(param + ".input_audio", "an object");
                }
            }
            default -> throw RequestException.badRequest("unsupported_content_part", param + ".type",
                    "Unsupported content part type '" + type + "' in " + param
                            + ". Use input_text, input_image, input_file, output_text or refusal.");
        }
    }

    private static ImagePart image(JsonNode part, String param, String pointer) throws RequestException {
        String url = Fields.optionalString(part, "image_url", param + ".image_url");
        String fileId = Fields.optionalString(part, "file_id", param + ".file_id");
        if (url == null && fileId == null) {
            throw RequestException.missing(param + ".image_url");
        }
        String detail = Fields.optionalString(part, "detail", param + ".detail");
        if (detail == null) {
            detail = "auto";
        } else if (!detail.equals("low") && !detail.equals("high") && !detail.equals("auto")) {
            throw RequestException.invalidValue(param + ".detail",
                    "'" + param + ".detail' must be low, high or auto, not '" + detail + "'.");
        }
        long size = url == null ? 0 : ImageHeaders.dimensionsOfDataUrl(url);
        return new ImagePart(pointer, detail, (int) (size >>> 32), (int) size);
    }
}
