package dev.modelgate.relay.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.relay.api.BoundedBody;
import dev.modelgate.relay.sse.TranslatingOutputStream;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code /v1/messages} call from the client's bytes to the Anthropic-shaped reply: read the body within
 * the policy's limit, take the key in either header Anthropic clients send, translate, let the OpenAI-shaped
 * relay decide and answer, translate back. Kept apart from JAX-RS so every refusal is testable without a
 * server.
 */
final class MessagesIngress {

    /** The standalone relay of {@code /v1/chat/completions}: authenticates, evaluates the policy, relays. */
    @FunctionalInterface
    interface ChatRelay {
        RelayAnswer call(String authorization, byte[] openAiBody);
    }

    private final ObjectMapper json;
    private final int maxBodyBytes;
    private final ChatRelay relay;
    private final MessagesRequests requests;
    private final MessagesAnswers answers;
    private final MessagesErrors errors;

    MessagesIngress(ObjectMapper json, int maxBodyBytes, ChatRelay relay) {
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
        this.relay = relay;
        this.requests = new MessagesRequests(json);
        this.answers = new MessagesAnswers(json);
        this.errors = new MessagesErrors(json);
    }

    /**
     * @param apiKey         the {@code x-api-key} header (Anthropic SDKs), or null
     * @param authorization  the {@code Authorization} header ({@code Bearer <key>}; Claude Code with an auth token), or null
     * @param signedDecision a gateway node's decision header, or null
     */
    Reply handle(String apiKey, String authorization, String signedDecision, InputStream in) {
        if (signedDecision != null) {
            return error(400, "invalid_request_error", "/v1/messages is served in standalone mode only: gateway nodes decide "
                    + "on OpenAI-format bodies. Send Anthropic-format requests to the relay with a Modelgate key, "
                    + "or OpenAI-format requests to /v1/chat/completions through the gateway.");
        }
        byte[] body;
        try {
            body = in == null ? new byte[0] : BoundedBody.read(in, maxBodyBytes);
        } catch (BoundedBody.TooLarge e) {
            return error(413, "request_too_large", "The request body is larger than the " + maxBodyBytes
                    + " bytes this gateway accepts.");
        } catch (IOException e) {
            return error(400, "invalid_request_error", "The request body could not be read.");
        }
        String bearer = bearer(apiKey, authorization);
        if (bearer == null) {
            return error(401, "authentication_error", "Missing API key: send x-api-key: <Modelgate key> "
                    + "or Authorization: Bearer <Modelgate key>.");
        }
        OpenAiChatRequest request;
        byte[] openAi;
        try {
            request = requests.toOpenAi(body);
            openAi = json.writeValueAsBytes(request.body());
        } catch (MessagesException e) {
            return error(e.status(), e.type(), e.getMessage());
        } catch (IOException e) {
            return error(400, "invalid_request_error", "The request could not be re-encoded.");
        }
        return translate(relay.call(bearer, openAi), request);
    }

    /** The key in the Bearer form the relay checks; {@code x-api-key} wins, as it does at Anthropic. */
    static String bearer(String apiKey, String authorization) {
        if (apiKey != null && !apiKey.isBlank()) {
            return "Bearer " + apiKey.trim();
        }
        return authorization == null || authorization.isBlank() ? null : authorization;
    }

    private Reply translate(RelayAnswer answer, OpenAiChatRequest request) {
        String requestId = answer.requestId();
        Map<String, String> headers = new LinkedHashMap<>(answer.headers());
        if (requestId != null) {
            headers.put("request-id", requestId); // where Anthropic's SDKs look for a request id
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
        return Reply.json(status, Map.of(), errors.of(type, message, null));
    }
}
