package dev.modelgate.policy.request;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An OpenAI-style request body (chat, Responses, completions and the rest), parsed once and immutable, as the
 * policy evaluator sees it. A Responses body reads into the same fields as a chat body: its input items are the
 * messages, its {@code instructions} one more, {@code max_output_tokens} the output cap, {@code text.format} the JSON
 * mode, and each text's pointer names its node in the client's Responses body.
 *
 * @param endpoint          which API was called
 * @param model             the requested model (never identity: team comes from the gateway, not the body)
 * @param fallbackModels    OpenRouter's {@code models} array, in order
 * @param stream            {@code stream: true}
 * @param includeUsage      {@code stream_options.include_usage}; a Responses stream always reports usage
 * @param maxOutputTokens   {@code max_completion_tokens}, else {@code max_tokens} ({@code max_output_tokens} for
 *                          Responses); 0 when unset
 * @param usesTools         {@code tools} or legacy {@code functions} present
 * @param jsonMode          {@code response_format} of type json_object or json_schema
 * @param texts             every caller text, each with the JSON Pointer of its node
 * @param images            image inputs
 * @param messageCount      chat messages (Responses: input items, plus one for instructions); 0 for other endpoints
 * @param metadata          the body's {@code metadata} string map
 * @param provider          OpenRouter provider preferences
 * @param parameters        top-level keys present, for {@code require_parameters}
 * @param namedMessageCount chat messages with a {@code name}, which costs a token each
 * @param toolDefinitions   {@code tools}/{@code functions} serialised as JSON, "" when none (for the token estimate)
 * @param inputTokenIds     count of pre-tokenised ids in {@code prompt}/{@code input} arrays
 * @param body              the parsed body, opaque, used by {@link #withTexts}
 */
public record ParsedRequest(Endpoint endpoint, String model, List<String> fallbackModels, boolean stream,
        boolean includeUsage, int maxOutputTokens, boolean usesTools, boolean jsonMode, List<TextPart> texts,
        List<ImagePart> images, int messageCount, Map<String, String> metadata, ProviderPreferences provider,
        Set<String> parameters, int namedMessageCount, String toolDefinitions, int inputTokenIds, RequestBody body) {

    public ParsedRequest {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(model, "model");
        // copyOf returns its argument when it is already immutable, so the parser's lists are not copied twice.
        fallbackModels = List.copyOf(fallbackModels);
        texts = List.copyOf(texts);
        images = List.copyOf(images);
        metadata = Map.copyOf(metadata);
        parameters = Set.copyOf(parameters);
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(toolDefinitions, "toolDefinitions");
        Objects.requireNonNull(body, "body");
    }

    /**
     * Re-serialises the body with the given texts replaced (keys are {@link TextPart#pointer()}s of this
     * request); every other node keeps its value and order. An empty map returns a copy of the original bytes.
     *
     * @throws IllegalArgumentException if a key is not the pointer of one of {@link #texts()}
     */
    public byte[] withTexts(Map<String, String> replacementsByPointer) {
        return body.withTexts(replacementsByPointer, texts);
    }

    /**
     * A copy of a JSON body's tree, for a host that forwards the body with changes (the relay sets each
     * deployment's model) without parsing it a second time.
     *
     * @throws IllegalStateException for a multipart body
     */
    public com.fasterxml.jackson.databind.node.ObjectNode jsonCopy() {
        return body.jsonCopy();
    }

    /**
     * The body of an upload (audio transcription) with its {@code model} field set to the deployment's model;
     * the file part is copied byte for byte. JSON bodies are re-written by their hosts, which keep a tree.
     *
     * @throws IllegalStateException for a JSON body
     */
    public byte[] uploadWithModel(String upstreamModel) {
        return body.multipartWithModel(upstreamModel);
    }
}
