package dev.modelgate.policy.request;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Validates chat {@code messages} and collects every text a guardrail must see (content, content parts,
 * refusals, tool-call and legacy function-call arguments, tool results) plus image inputs. Param strings
 * are only built on the failure path; pointers are built once per text because they are part of the result.
 */
final class ChatMessagesReader {

    private final int maxMessages;

    ChatMessagesReader(int maxMessages) {
        this.maxMessages = maxMessages;
    }

    /** Returns the number of messages carrying a {@code name}, which costs one extra token each. */
    int read(JsonNode root, List<TextPart> texts, List<ImagePart> images) throws RequestException {
        JsonNode messages = root.get("messages");
        if (Fields.absent(messages)) {
            throw RequestException.missing("messages");
        }
        if (!messages.isArray()) {
            throw RequestException.invalidType("messages", "an array of message objects");
        }
        if (messages.isEmpty()) {
            throw RequestException.invalidValue("messages", "'messages' must contain at least one message.");
        }
        if (messages.size() > maxMessages) {
            throw Fields.tooManyItems("messages", maxMessages);
        }
        int named = 0;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            if (!message.isObject()) {
                throw RequestException.invalidType("messages[" + i + "]", "an object with 'role' and 'content'");
            }
            String role = role(message, i);
            String base = "/messages/" + i;
            readContent(message, role, i, base, texts, images);
            if (!Fields.absent(message.get("name"))) {
                if (!message.get("name").isTextual()) {
                    throw RequestException.invalidType("messages[" + i + "].name", "a string");
                }
                named++;
            }
            readToolCalls(message, i, base, texts);
            readFunctionCall(message, i, base, texts);
        }
        return named;
    }

    private static String role(JsonNode message, int i) throws RequestException {
        JsonNode role = message.get("role");
        if (Fields.absent(role)) {
            throw RequestException.missing("messages[" + i + "].role");
        }
        if (!role.isTextual()) {
            throw RequestException.invalidType("messages[" + i + "].role", "a string");
        }
        String r = role.textValue();
        switch (r) {
            case "system", "developer", "user", "assistant", "tool", "function" -> {
                return r;
            }
            default -> throw RequestException.invalidValue("messages[" + i + "].role", "Unknown role '" + r
                    + "' in messages[" + i + "]. Use system, developer, user, assistant or tool.");
        }
    }

    private static void readContent(JsonNode message, String role, int i, String base, List<TextPart> texts,
            List<ImagePart> images) throws RequestException {
        JsonNode content = message.get("content");
        if (Fields.absent(content)) {
            // Only an assistant turn may omit content (it then carries tool_calls, a function_call or a refusal).
            if (!role.equals("assistant")) {
                throw RequestException.missing("messages[" + i + "].content");
            }
            return;
        }
        if (content.isTextual()) {
            texts.add(new TextPart(base + "/content", content.textValue()));
            return;
        }
        if (!content.isArray()) {
            throw RequestException.invalidType("messages[" + i + "].content", "a string or an array of content parts");
        }
        for (int j = 0; j < content.size(); j++) {
            readPart(content.get(j), i, j, base + "/content/" + j, texts, images);
        }
    }

    private static void readPart(JsonNode part, int i, int j, String pointer, List<TextPart> texts,
            List<ImagePart> images) throws RequestException {
        if (!part.isObject()) {
            throw RequestException.invalidType(partParam(i, j), "a content part object with a 'type'");
        }
        JsonNode type = part.get("type");
        if (Fields.absent(type)) {
            throw RequestException.missing(partParam(i, j) + ".type");
        }
        if (!type.isTextual()) {
            throw RequestException.invalidType(partParam(i, j) + ".type", "a string");
        }
        switch (type.textValue()) {
            case "text" -> texts.add(new TextPart(pointer + "/text",
                    Fields.requiredString(part, "text", partParam(i, j) + ".text")));
            case "refusal" -> texts.add(new TextPart(pointer + "/refusal",
                    Fields.requiredString(part, "refusal", partParam(i, j) + ".refusal")));
            case "image_url" -> images.add(image(part, i, j, pointer));
            case "input_audio" -> requireObject(part, "input_audio", partParam(i, j) + ".input_audio");
            case "file" -> requireObject(part, "file", partParam(i, j) + ".file");
            default -> throw RequestException.badRequest("unsupported_content_part", partParam(i, j) + ".type",
                    "Unsupported content part type '" + type.textValue() + "' in messages[" + i + "].content[" + j
                            + "]. Use text, image_url, input_audio or file.");
        }
    }

    private static ImagePart image(JsonNode part, int i, int j, String pointer) throws RequestException {
        String param = partParam(i, j) + ".image_url";
        JsonNode imageUrl = requireObject(part, "image_url", param);
        String url = Fields.requiredString(imageUrl, "url", param + ".url");
        String detail = Fields.imageDetail(imageUrl, param + ".detail");
        long size = ImageHeaders.dimensionsOfDataUrl(url);
        return new ImagePart(pointer + "/image_url", detail, (int) (size >>> 32), (int) size);
    }

    private static JsonNode requireObject(JsonNode parent, String field, String param) throws RequestException {
        JsonNode node = parent.get(field);
        if (Fields.absent(node)) {
            throw RequestException.missing(param);
        }
        if (!node.isObject()) {
            throw RequestException.invalidType(param, "an object");
        }
        return node;
    }

    private static void readToolCalls(JsonNode message, int i, String base, List<TextPart> texts)
            throws RequestException {
        JsonNode calls = message.get("tool_calls");
        if (Fields.absent(calls)) {
            return;
        }
        if (!calls.isArray()) {
            throw RequestException.invalidType("messages[" + i + "].tool_calls", "an array of tool calls");
        }
        for (int k = 0; k < calls.size(); k++) {
            JsonNode call = calls.get(k);
            String param = "messages[" + i + "].tool_calls[" + k + "]";
            if (!call.isObject()) {
                throw RequestException.invalidType(param, "a tool call object");
            }
            JsonNode function = call.get("function");
            if (Fields.absent(function)) {
                continue; // custom tool calls carry no function arguments
            }
            if (!function.isObject()) {
                throw RequestException.invalidType(param + ".function", "an object");
            }
            String arguments = Fields.optionalString(function, "arguments", param + ".function.arguments");
            if (arguments != null) {
                texts.add(new TextPart(base + "/tool_calls/" + k + "/function/arguments", arguments));
            }
        }
    }

    private static void readFunctionCall(JsonNode message, int i, String base, List<TextPart> texts)
            throws RequestException {
        JsonNode call = message.get("function_call");
        if (Fields.absent(call)) {
            return;
        }
        if (!call.isObject()) {
            throw RequestException.invalidType("messages[" + i + "].function_call", "an object");
        }
        String arguments = Fields.optionalString(call, "arguments", "messages[" + i + "].function_call.arguments");
        if (arguments != null) {
            texts.add(new TextPart(base + "/function_call/arguments", arguments));
        }
    }

    private static String partParam(int i, int j) {
        return "messages[" + i + "].content[" + j + "]";
    }
}
