package dev.modelgate.relay.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.policy.eval.Rejection;
import dev.modelgate.policy.request.MessagesErrors;
import dev.modelgate.policy.request.OpenAiChatRequest;
import dev.modelgate.policy.request.ParsedMessages;
import dev.modelgate.policy.request.ParsedRequest;
import dev.modelgate.policy.request.RequestException;
import dev.modelgate.policy.request.RequestParser;
import dev.modelgate.policy.model.ProviderType;
import dev.modelgate.relay.api.BoundedBody;
import dev.modelgate.relay.api.RelayEntry;
import dev.modelgate.relay.providers.NativeRequest;
import dev.modelgate.relay.providers.anthropic.MessagesAnswers;
import dev.modelgate.relay.providers.anthropic.MessagesException;
import dev.modelgate.relay.providers.anthropic.MessagesStream;
import dev.modelgate.relay.sse.TranslatingOutputStream;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import java.util.Map;

/**
 * One {@code /v1/messages} call from the client's bytes to the Anthropic-shaped reply: read the body within
 * the policy's limit, take the key in either header Anthropic clients send, translate, let the OpenAI-shaped
 * relay decide and answer, translate back. The body is parsed once: the policy language's request parser reads
 * the client's bytes with its limits and translates them ({@link RequestParser#parseMessages}, the same reading a
 * gateway node does), and the translation is handed on parsed, as {@code /v1/chat/completions} hands its
 * request to the relay. Behind a gateway the request carries the node's signed decision instead of a key, bound
 * to the client's own bytes, and the relay executes it. {@code /v1/messages/count_tokens} takes the same way
 * up to the relay, where the policy's estimate answers instead. Kept apart from JAX-RS so every refusal is
 * testable without a server.
 */
final class MessagesIngress {

    /**
     * The relay of {@code /v1/chat/completions}: checks the key and evaluates the policy (standalone), or verifies
     * and executes a gateway node's decision (gateway mode); then relays.
     */
    @FunctionalInterface
    interface ChatRelay {
        /** @param clientFormat the client's own Anthropic body, for Anthropic deployments to be sent as it is */
        RelayAnswer call(Presented presented, ParsedRequest openAi, NativeRequest clientFormat);
    }

    /**
     * What the caller presented for the relay to check.
     *
     * @param authorization the key as {@code Bearer <key>}, or null
     * @param decision      a gateway node's signed decision, or null
     * @param body          the client's own bytes, which a decision's body hash covers
     */
    record Presented(String authorization, String decision, byte[] body) {
    }

    /** The relay's count of a request's input tokens: authenticates, checks the alias, asks Anthropic or estimates. */
    @FunctionalInterface
    interface TokenCounter {
        RelayEntry.TokenCount count(String authorization, ParsedRequest openAi, NativeRequest clientFormat);
    }

    /** The relay's header on an answer that is the provider's own, in the client's format. */
    static final String PASSED_THROUGH = "x-modelgate-wire";
    /** Who counted a count_tokens answer: {@code provider} (Anthropic's own count) or {@code estimate} (the relay's). */
    static final String COUNTED_BY = "x-modelgate-token-count";

    private final ObjectMapper json;
    private final RequestParser parser;
    private final ChatRelay relay;
    private final TokenCounter counter;
    private final MessagesAnswers answers;
    private final MessagesErrors errors;
    private final Supplier<String> requestIds;

    /** @param requestIds the relay's generation ids, for the answers to requests refused before the relay saw them */
    MessagesIngress(ObjectMapper json, RequestParser parser, ChatRelay relay, TokenCounter counter, Supplier<String> requestIds) {
        this.json = json;
        this.requestIds = requestIds;
        this.parser = parser;
        this.relay = relay;
        this.counter = counter;
        this.answers = new MessagesAnswers(json);
        this.errors = new MessagesErrors(json);
    }

    /**
     * @param apiKey         the {@code x-api-key} header (Anthropic SDKs), or null
     * @param authorization  the {@code Authorization} header ({@code Bearer <key>}; Claude Code with an auth token), or null
     * @param signedDecision a gateway node's decision header, or null
     */
    Reply handle(String apiKey, String authorization, String signedDecision, InputStream in) {
        return handle(apiKey, authorization, signedDecision, List.of(), in);
    }

    /**
     * @param protocolHeaders the client's {@code anthropic-version} and {@code anthropic-beta} (name, value pairs),
     *                        forwarded to Anthropic deployments as they came
     */
    Reply handle(String apiKey, String authorization, String signedDecision, List<String> protocolHeaders, InputStream in) {
        Received received = receive(apiKey, authorization, signedDecision, in, false);
        if (received.refusal() != null) {
            return received.refusal();
        }
        ParsedMessages messages = received.messages();
        NativeRequest clientFormat = new NativeRequest(ProviderType.ANTHROPIC, messages.anthropic(), protocolHeaders,
                messages.translation().untranslatable(), messages::redacted);
        return translate(relay.call(new Presented(received.bearer(), signedDecision, received.body()), messages.parsed(),
                clientFormat), messages.translation());
    }

    Reply count(String apiKey, String authorization, String signedDecision, InputStream in) {
        return count(apiKey, authorization, signedDecision, List.of(), in);
    }

    /**
     * {@code POST /v1/messages/count_tokens}: {@code {"input_tokens": n}}, counted by the Anthropic deployment the
     * alias routes to when there is one (Anthropic's own count), else estimated by the relay; the
     * {@value #COUNTED_BY} header says which.
     */
    Reply count(String apiKey, String authorization, String signedDecision, List<String> protocolHeaders, InputStream in) {
        Received received = receive(apiKey, authorization, signedDecision, in, true);
        if (received.refusal() != null) {
            return received.refusal();
        }
        ParsedMessages messages = received.messages();
        NativeRequest clientFormat = new NativeRequest(ProviderType.ANTHROPIC, messages.anthropic(), protocolHeaders,
                messages.translation().untranslatable(), redacted -> java.util.Optional.empty());
        RelayEntry.TokenCount count = counter.count(received.bearer(), messages.parsed(), clientFormat);
        Rejection refused = count.rejection();
        if (refused != null) {
            return error(refused.status(), MessagesErrors.typeFor(refused.status()), refused.message());
        }
        return Reply.json(200, Map.of(COUNTED_BY, count.source()), json.createObjectNode().put("input_tokens", count.inputTokens()));
    }

    /** What both endpoints refuse before the relay sees the request, else the request translated and parsed. */
    private Received receive(String apiKey, String authorization, String signedDecision, InputStream in, boolean count) {
        if (signedDecision != null && count) {
            // A count is not a decision a gateway node signs: nothing is relayed, reserved or billed.
            return Received.refused(error(400, "invalid_request_error", "/v1/messages/count_tokens is served in "
                    + "standalone mode only: send it to the relay with a Modelgate key."));
        }
        int maxBodyBytes = parser.limits().maxBodyBytes();
        byte[] body;
        try {
            body = in == null ? new byte[0] : BoundedBody.read(in, maxBodyBytes);
        } catch (BoundedBody.TooLarge e) {
            return Received.refused(error(413, "request_too_large", "The request body is larger than the " + maxBodyBytes
                    + " bytes this gateway accepts."));
        } catch (IOException e) {
            return Received.refused(error(400, "invalid_request_error", "The request body could not be read."));
        }
        String bearer = bearer(apiKey, authorization);
        if (bearer == null && signedDecision == null) {
            return Received.refused(error(401, "authentication_error", "Missing API key: send x-api-key: <Modelgate key> "
                    + "or Authorization: Bearer <Modelgate key>."));
        }
        try {
            return new Received(bearer, body, parser.parseMessages(body, count), null);
        } catch (RequestException e) {
            // The relay's own limits and checks, in the words it uses for /v1/chat/completions (or Anthropic's, about
            // a Messages field).
            return Received.refused(error(e.status(), MessagesErrors.typeFor(e.status()), e.getMessage()));
        }
    }

    /** A request the relay may take (bearer, the client's bytes, their reading), or the reply that refused it. */
    private record Received(String bearer, byte[] body, ParsedMessages messages, Reply refusal) {
        static Received refused(Reply refusal) {
            return new Received(null, null, null, refusal);
        }
    }

    /** The key in the Bearer form the relay checks; {@code x-api-key} wins, as it does at Anthropic. */
    static String bearer(String apiKey, String authorization) {
        if (apiKey != null && !apiKey.isBlank()) {
            return "Bearer " + apiKey.trim();
        }
        return authorization == null || authorization.isBlank() ? null : authorization;
    }

    private Reply translate(RelayAnswer answer, OpenAiChatRequest request) {
        // Refusals before a generation began (a bad key, the policy's 4xx) get an id too: every answer can be traced.
        String requestId = answer.requestId() != null ? answer.requestId() : requestIds.get();
        Map<String, String> headers = new LinkedHashMap<>(answer.headers());
        headers.put("x-request-id", requestId);
        headers.put("request-id", requestId); // where Anthropic's SDKs look for a request id
        if (answer.status() < 400 && "anthropic".equals(answer.headers().get(PASSED_THROUGH))) {
            // An Anthropic deployment's own answer: it reaches the client as Anthropic sent it.
            if (answer.entity() instanceof StreamingOutput stream) {
                return Reply.stream(headers, stream);
            }
            if (answer.entity() instanceof byte[] bytes) {
                return Reply.raw(answer.status(), headers, bytes);
            }
        }
        if (answer.status() >= 400) {
            return Reply.json(answer.status(), headers, errors.fromOpenAi(answer.status(), body(answer.entity()), requestId));
        }
        if (answer.entity() instanceof StreamingOutput openAiStream) {
            String model = answer.headers().getOrDefault("x-modelgate-model", "");
            StreamingOutput anthropic = out -> {
                TranslatingOutputStream client = new TranslatingOutputStream(out,
                        new MessagesStream(json, messageId(requestId, null), model, request.stopSequences()));
                try {
                    openAiStream.write(client);
                } finally {
                    client.close(); // a relay stream that ended without [DONE] gets its error event here
                }
            };
            return Reply.stream(headers, anthropic);
        }
        JsonNode openAiAnswer = body(answer.entity());
        if (openAiAnswer == null) {
            return Reply.json(502, headers, errors.of("api_error", "The relay's answer could not be read.", requestId));
        }
        try {
            return Reply.json(answer.status(), headers,
                    answers.toAnthropic(openAiAnswer, messageId(requestId, openAiAnswer), request.stopSequences()));
        } catch (MessagesException e) {
            return Reply.json(e.status(), headers, errors.of(e.type(), e.getMessage(), requestId));
        }
    }

    /** The relay's generation id inside Anthropic's id form, so a message can be looked up at /v1/generations. */
    private static String messageId(String requestId, JsonNode answer) {
        String id = requestId != null ? requestId : answer == null ? "" : answer.path("id").asText("");
        return "msg_" + id;
    }

    /** The relay answers chat with its JSON as a String (an answer or an OpenAI error); null when that is not JSON. */
    private JsonNode body(Object entity) {
        try {
            if (entity instanceof byte[] bytes) { // answers
                return json.readTree(bytes);
            }
            return entity instanceof String text ? json.readTree(text) : null; // errors
        } catch (IOException e) {
            return null;
        }
    }

    private Reply error(int status, String type, String message) {
        String requestId = requestIds.get();
        return Reply.json(status, Map.of("x-request-id", requestId, "request-id", requestId), errors.of(type, message, requestId));
    }
}
