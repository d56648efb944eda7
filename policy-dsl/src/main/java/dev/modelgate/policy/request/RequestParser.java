package dev.modelgate.policy.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Parses an OpenAI-style request body once into a {@link ParsedRequest}. Thread-safe; create one per process
 * (it owns the preconfigured Jackson mapper).
 */
public final class RequestParser {

    private static final int MAX_FALLBACK_MODELS = 100;
    private static final int MAX_METADATA_KEYS = 64;

    private final RequestLimits limits;
    private final JsonBodyReader json;
    private final ChatMessagesReader chat;
    private final ResponsesInputReader responses;

    public RequestParser(RequestLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.json = new JsonBodyReader(limits);
        this.chat = new ChatMessagesReader(limits.maxMessages());
        this.responses = new ResponsesInputReader(limits.maxMessages());
    }

    /** The limits this parser enforces; hosts read the body size from here to refuse oversized uploads early. */
    public RequestLimits limits() {
        return limits;
    }

    /**
     * @param endpoint    from {@link Endpoint#fromPath}; must not be null
     * @param contentType the request's Content-Type header, may be null for JSON endpoints
     * @throws RequestException for every problem with the body; nothing else escapes
     */
    public ParsedRequest parse(Endpoint endpoint, String contentType, byte[] body) throws RequestException {
        Objects.requireNonNull(endpoint, "endpoint");
        byte[] bytes = body == null ? new byte[0] : body;
        if (bytes.length > limits.maxBodyBytes()) {
            throw tooLarge(bytes.length);
        }
        try {
            return endpoint == Endpoint.AUDIO_TRANSCRIPTIONS
                    ? parseTranscription(contentType, bytes)
                    : parseJson(endpoint, contentType, bytes);
        } catch (RequestException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // Contract with the hosts: a body can only ever produce a RequestException. Reaching this is a bug here.
            throw RequestException.badRequest("invalid_request", null, "The request body could not be processed.");
        }
    }

    /**
     * A JSON body read with this parser's limits and strictness (size, depth, string length, duplicate keys,
     * UTF-8), for a host that translates another API's body (Anthropic's Messages) into an OpenAI request and
     * hands the result to {@link #parse(Endpoint, ObjectNode)}: one read of the client's bytes, with the errors
     * an OpenAI body gets. The tree is the caller's.
     *
     * @throws RequestException for every problem with the body; nothing else escapes
     */
    public ObjectNode readJson(byte[] body) throws RequestException {
        byte[] bytes = body == null ? new byte[0] : body;
        if (bytes.length > limits.maxBodyBytes()) {
            throw tooLarge(bytes.length);
        }
        try {
            return json.read(bytes);
        } catch (RequestException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw RequestException.badRequest("invalid_request", null, "The request body could not be processed.");
        }
    }

    /**
     * An OpenAI-style body a host built as a tree, typically translated from another API's body that
     * {@link #readJson} read: checked as {@link #parse(Endpoint, String, byte[])} checks bytes, with the same
     * errors (the tokenizer's depth and string limits are applied to the tree), without writing it out and
     * reading it again. The size limit is the client's body's, which the host enforced on the bytes it read.
     * The tree becomes the request's: the caller must not change it afterwards.
     *
     * @param endpoint a JSON endpoint (not {@link Endpoint#AUDIO_TRANSCRIPTIONS})
     * @throws RequestException for every problem with the body; nothing else escapes
     */
    public ParsedRequest parse(Endpoint endpoint, ObjectNode tree) throws RequestException {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(tree, "tree");
        if (endpoint == Endpoint.AUDIO_TRANSCRIPTIONS) {
            throw new IllegalArgumentException("a transcription is a multipart upload, not a JSON tree");
        }
        try {
            json.checkTree(tree);
            return parseTree(endpoint, tree, RequestBody.tree(tree, json.mapper()));
        } catch (RequestException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw RequestException.badRequest("invalid_request", null, "The request body could not be processed.");
        }
    }

    /**
     * Anthropic's {@code /v1/messages} body: read with this parser's limits and strictness ({@link #readJson}),
     * translated into the OpenAI chat request it means ({@link MessagesRequests}) and that parsed
     * ({@link #parse(Endpoint, ObjectNode)}). Errors about the Messages body name fields Anthropic's way.
     *
     * @param count a {@code /v1/messages/count_tokens} body (no {@code max_tokens} needed, never a stream)
     * @throws RequestException for every problem with the body; nothing else escapes
     */
    public ParsedMessages parseMessages(byte[] body, boolean count) throws RequestException {
        ObjectNode anthropic = readJson(body);
        OpenAiChatRequest translation;
        try {
            MessagesRequests requests = new MessagesRequests(json.mapper());
            translation = count ? requests.toOpenAiForCount(anthropic) : requests.toOpenAi(anthropic);
        } catch (RequestException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw RequestException.badRequest("invalid_request", null, "The request body could not be processed.");
        }
        return new ParsedMessages(anthropic, translation, parse(Endpoint.CHAT_COMPLETIONS, translation.body()));
    }

    private RequestException tooLarge(int length) {
        return RequestException.tooLarge(null, "The request body is " + length + " bytes; the limit is "
                + limits.maxBodyBytes() + " bytes. Send less content or smaller images.");
    }

    private ParsedRequest parseJson(Endpoint endpoint, String contentType, byte[] bytes) throws RequestException {
        requireJsonContentType(contentType);
        ObjectNode root = json.read(bytes);
        return parseTree(endpoint, root, RequestBody.json(bytes, root, json.mapper()));
    }

    private ParsedRequest parseTree(Endpoint endpoint, ObjectNode root, RequestBody body) throws RequestException {
        String model = model(Fields.requiredString(root, "model", "model"));
        List<String> fallbackModels = Fields.stringList(root, "models", "models", MAX_FALLBACK_MODELS);
        boolean stream = Fields.optionalBoolean(root, "stream", "stream", false);
        // A Responses stream always reports its usage (in response.completed); chat reports it when asked.
        boolean includeUsage = endpoint == Endpoint.RESPONSES ? stream : includeUsage(root);
        int maxOutputTokens = maxOutputTokens(endpoint, root);

        List<TextPart> texts = new ArrayList<>();
        List<ImagePart> images = List.of();
        int messageCount = 0;
        int named = 0;
        int tokenIds = 0;
        String toolDefinitions = "";
        boolean jsonMode = false;
        switch (endpoint) {
            case CHAT_COMPLETIONS -> {
                images = new ArrayList<>();
                named = chat.read(root, texts, images);
                messageCount = root.get("messages").size();
                toolDefinitions = toolDefinitions(root);
                jsonMode = jsonMode(root);
            }
            case RESPONSES -> {
                images = new ArrayList<>();
                messageCount = responses.read(root, texts, images);
                toolDefinitions = toolDefinitions(root);
                jsonMode = responsesJsonMode(root);
                responsesOptions(root);
            }
            case COMPLETIONS -> tokenIds = textOrTokens(root, "prompt", texts);
            case EMBEDDINGS -> tokenIds = textOrTokens(root, "input", texts);
            case IMAGES_GENERATIONS -> texts.add(new TextPart("/prompt", Fields.requiredString(root, "prompt", "prompt")));
            case AUDIO_SPEECH -> texts.add(new TextPart("/input", Fields.requiredString(root, "input", "input")));
            default -> throw new IllegalStateException("not a JSON endpoint: " + endpoint);
        }
        return new ParsedRequest(endpoint, model, fallbackModels, stream, includeUsage, maxOutputTokens,
                !toolDefinitions.isEmpty(), jsonMode, texts, images, messageCount, metadata(root),
                ProviderPreferencesReader.read(root), fieldNames(root), named, toolDefinitions, tokenIds, body);
    }

    private ParsedRequest parseTranscription(String contentType, byte[] bytes) throws RequestException {
        if (contentType == null || !contentType.regionMatches(true, 0, "multipart/form-data", 0, 19)) {
            throw RequestException.badRequest("unsupported_content_type", null,
                    "Audio transcriptions must be sent as multipart/form-data with a 'file' and a 'model' field.");
        }
        MultipartForm form = MultipartForm.parse(contentType, bytes, limits.maxStringChars());
        MultipartForm.Field model = form.field("model");
        if (model == null) {
            throw form.hasFile("model") ? RequestException.invalidType("model", "a text field")
                    : RequestException.missing("model");
        }
        if (!form.hasFile("file")) {
            throw RequestException.missing("file");
        }
        List<TextPart> texts = new ArrayList<>(1);
        MultipartForm.Field prompt = form.field("prompt");
        if (prompt != null) {
            texts.add(new TextPart("/prompt", prompt.value()));
        }
        MultipartForm.Field stream = form.field("stream");
        boolean streaming = false;
        if (stream != null) {
            switch (stream.value().trim()) {
                case "true" -> streaming = true;
                case "false" -> streaming = false;
                default -> throw RequestException.invalidType("stream", "a boolean (true or false)");
            }
        }
        return new ParsedRequest(Endpoint.AUDIO_TRANSCRIPTIONS, model(model.value().trim()), List.of(), streaming,
                false, 0, false, false, texts, List.of(), 0, Map.of(), ProviderPreferences.none(), form.names(), 0,
                "", 0, RequestBody.multipart(bytes, form));
    }

    private static void requireJsonContentType(String contentType) throws RequestException {
        if (contentType == null || contentType.isBlank()) {
            return; // many internal callers omit it; the body itself is still checked strictly
        }
        int semicolon = contentType.indexOf(';');
        String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        if (media.equalsIgnoreCase("application/json") || media.regionMatches(true, media.length() - 5, "+json", 0, 5)) {
            return;
        }
        throw RequestException.badRequest("unsupported_content_type", null, "Content-Type '" + media
                + "' is not supported here. Send the body as application/json.");
    }

    private static String model(String model) throws RequestException {
        if (model.isEmpty()) {
            throw RequestException.invalidValue("model", "'model' must not be empty.");
        }
        return model;
    }

    private static int maxOutputTokens(Endpoint endpoint, JsonNode root) throws RequestException {
        if (endpoint == Endpoint.RESPONSES) {
            return Fields.optionalCount(root, "max_output_tokens", "max_output_tokens");
        }
        int max = Fields.optionalCount(root, "max_completion_tokens", "max_completion_tokens");
        return max != 0 ? max : Fields.optionalCount(root, "max_tokens", "max_tokens");
    }

    /** {@code text.format} of a Responses request: json_object or json_schema ask for JSON, as chat's response_format. */
    private static boolean responsesJsonMode(JsonNode root) throws RequestException {
        JsonNode text = root.get("text");
        if (Fields.absent(text)) {
            return false;
        }
        if (!text.isObject()) {
            throw RequestException.invalidType("text", "an object");
        }
        JsonNode format = text.get("format");
        if (Fields.absent(format)) {
            return false;
        }
        if (!format.isObject()) {
            throw RequestException.invalidType("text.format", "an object with a 'type'");
        }
        String type = Fields.requiredString(format, "type", "text.format.type");
        return switch (type) {
            case "json_object" -> true;
            case "json_schema" -> {
                Fields.requiredString(format, "name", "text.format.name");
                if (!format.path("schema").isObject()) {
                    throw RequestException.invalidType("text.format.schema", "a JSON Schema object");
                }
                yield true;
            }
            case "text" -> false;
            default -> throw RequestException.invalidValue("text.format.type",
                    "'text.format.type' must be text, json_object or json_schema.");
        };
    }

    /** The Responses fields the relay acts on, checked here so a bad one is refused before any routing. */
    private static void responsesOptions(JsonNode root) throws RequestException {
        Fields.optionalString(root, "previous_response_id", "previous_response_id");
        Fields.optionalBoolean(root, "store", "store", true);
        JsonNode reasoning = root.get("reasoning");
        if (!Fields.absent(reasoning)) {
            if (!reasoning.isObject()) {
                throw RequestException.invalidType("reasoning", "an object");
            }
            String effort = Fields.optionalString(reasoning, "effort", "reasoning.effort");
            if (effort != null && !List.of("none", "minimal", "low", "medium", "high", "xhigh").contains(effort)) {
                throw RequestException.invalidValue("reasoning.effort",
                        "'reasoning.effort' must be none, minimal, low, medium, high or xhigh.");
            }
        }
    }

    private static boolean includeUsage(JsonNode root) throws RequestException {
        JsonNode options = root.get("stream_options");
        if (Fields.absent(options)) {
            return false;
        }
        if (!options.isObject()) {
            throw RequestException.invalidType("stream_options", "an object");
        }
        return Fields.optionalBoolean(options, "include_usage", "stream_options.include_usage", false);
    }

    private String toolDefinitions(JsonNode root) throws RequestException {
        JsonNode tools = definitions(root, "tools");
        JsonNode functions = definitions(root, "functions");
        if (tools == null && functions == null) {
            return "";
        }
        try {
            String a = tools == null ? "" : json.mapper().writeValueAsString(tools);
            String b = functions == null ? "" : json.mapper().writeValueAsString(functions);
            return a + b;
        } catch (JsonProcessingException e) {
            throw RequestException.invalidType("tools", "an array of tool definitions");
        }
    }

    private static JsonNode definitions(JsonNode root, String field) throws RequestException {
        JsonNode node = root.get(field);
        if (Fields.absent(node)) {
            return null;
        }
        if (!node.isArray()) {
            throw RequestException.invalidType(field, "an array of " + field + " definitions");
        }
        return node.isEmpty() ? null : node;
    }

    private static boolean jsonMode(JsonNode root) throws RequestException {
        JsonNode format = root.get("response_format");
        if (Fields.absent(format)) {
            return false;
        }
        if (!format.isObject()) {
            throw RequestException.invalidType("response_format", "an object with a 'type'");
        }
        String type = Fields.requiredString(format, "type", "response_format.type");
        return switch (type) {
            case "json_object", "json_schema" -> true;
            case "text" -> false;
            default -> throw RequestException.invalidValue("response_format.type",
                    "'response_format.type' must be text, json_object or json_schema.");
        };
    }

    /** A string, an array of strings, or pre-tokenised ids; returns the number of token ids seen. */
    private int textOrTokens(JsonNode root, String field, List<TextPart> texts) throws RequestException {
        JsonNode node = root.get(field);
        if (Fields.absent(node)) {
            throw RequestException.missing(field);
        }
        if (node.isTextual()) {
            texts.add(new TextPart("/" + field, node.textValue()));
            return 0;
        }
        String expected = "a string, an array of strings or an array of token ids";
        if (!node.isArray()) {
            throw RequestException.invalidType(field, expected);
        }
        if (node.isEmpty()) {
            throw RequestException.invalidValue(field, "'" + field + "' must not be an empty array.");
        }
        if (node.size() > limits.maxMessages()) {
            throw Fields.tooManyItems(field, limits.maxMessages());
        }
        int tokens = 0;
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (item.isTextual()) {
                texts.add(new TextPart("/" + field + "/" + i, item.textValue()));
            } else if (item.isIntegralNumber()) {
                tokens++;
            } else if (item.isArray()) {
                for (int k = 0; k < item.size(); k++) {
                    if (!item.get(k).isIntegralNumber()) {
                        throw RequestException.invalidType(field + "[" + i + "][" + k + "]", "an integer token id");
                    }
                }
                tokens += item.size();
            } else {
                throw RequestException.invalidType(field + "[" + i + "]", expected);
            }
        }
        return tokens;
    }

    private static Map<String, String> metadata(JsonNode root) throws RequestException {
        JsonNode node = root.get("metadata");
        if (Fields.absent(node)) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw RequestException.invalidType("metadata", "an object of string values");
        }
        if (node.size() > MAX_METADATA_KEYS) {
            throw Fields.tooManyItems("metadata", MAX_METADATA_KEYS);
        }
        Map<String, String> out = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw RequestException.invalidType("metadata." + e.getKey(), "a string");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    private static Set<String> fieldNames(JsonNode root) {
        Set<String> names = new HashSet<>(root.size() * 2);
        root.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
