package dev.modelgate.policy.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Optional;

/**
 * Anthropic's {@code POST /v1/messages} body read once ({@link RequestParser#parseMessages}): the client's own
 * tree, its translation into an OpenAI chat request, and that translation parsed for the policy, which decides
 * a Messages request as the chat request it means. A gateway node and the relay read the body alike through
 * this, so what one admits the other executes; the decision's body hash is over the client's own bytes.
 *
 * @param anthropic   the client's body as it came (the caller must not change it)
 * @param translation the OpenAI chat request, with what answering it needs (stream, stop sequences, what it cannot carry)
 * @param parsed      the translation as the evaluator sees it ({@link Endpoint#CHAT_COMPLETIONS})
 */
public record ParsedMessages(ObjectNode anthropic, OpenAiChatRequest translation, ParsedRequest parsed) {

    /** Anthropic's Messages endpoint. */
    public static final String PATH = "/v1/messages";

    /** Only creates nodes for the re-translation that checks a redaction; a configured mapper is thread-safe. */
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whether a request target is {@code /v1/messages} (a query, fragment or trailing slash tolerated, as for {@link Endpoint}). */
    public static boolean isPath(String rawPath) {
        return rawPath != null && Endpoint.pathLength(rawPath) == PATH.length() && rawPath.startsWith(PATH);
    }

    /**
     * Whether a request target is Anthropic's ({@code /v1/messages} or below it, such as {@code count_tokens}), so that
     * a refusal is answered in Anthropic's error shape, which is what the client there reads.
     */
    public static boolean isAnthropicPath(String rawPath) {
        return rawPath != null && rawPath.startsWith(PATH)
                && (rawPath.length() == PATH.length() || "/?#".indexOf(rawPath.charAt(PATH.length())) >= 0);
    }

    /**
     * The client's body with the redactions the policy made to the translation, when they can be placed in it
     * exactly ({@link MessagesRedactions}); empty when they cannot, and then only the redacted translation may be sent.
     *
     * @param redactedTranslation the translation with the policy's redactions ({@link ParsedRequest#withTexts} of {@link #parsed})
     */
    public Optional<ObjectNode> redacted(ObjectNode redactedTranslation) {
        return MessagesRedactions.apply(anthropic, translation.body(), redactedTranslation, new MessagesRequests(JSON));
    }

    /**
     * {@link #redacted(ObjectNode)} for a host that holds the redacted translation as bytes (the evaluator's
     * {@code redactedBody}) and forwards bytes: a gateway that can replace the body (Kong) sends the client's
     * format, redacted. Empty when the redactions cannot be placed exactly, or the bytes are not a JSON object.
     */
    public Optional<byte[]> redactedBytes(byte[] redactedTranslation) {
        JsonNode tree;
        try {
            tree = JSON.readTree(redactedTranslation);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!(tree instanceof ObjectNode object)) {
            return Optional.empty();
        }
        return redacted(object).map(body -> {
            try {
                return JSON.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e); // a tree of plain nodes always writes
            }
        });
    }
}
