package dev.modelgate.relay.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.model.ProviderType;
import dev.modelgate.policy.request.Endpoint;
import dev.modelgate.policy.request.ParsedRequest;
import dev.modelgate.policy.request.RequestException;
import dev.modelgate.policy.request.RequestParser;
import dev.modelgate.relay.api.BoundedBody;
import dev.modelgate.relay.conversations.ResponseStore;
import dev.modelgate.relay.conversations.StoredResponse;
import dev.modelgate.relay.format.openai.OpenAiErrors;
import dev.modelgate.relay.providers.NativeRequest;
import dev.modelgate.relay.providers.TranslationException;
import dev.modelgate.relay.providers.responses.ResponseFrame;
import dev.modelgate.relay.providers.responses.ResponsesAnswers;
import dev.modelgate.relay.providers.responses.ResponsesConversation;
import dev.modelgate.relay.providers.responses.ResponsesRequests;
import dev.modelgate.relay.providers.responses.ResponsesStream;
import dev.modelgate.relay.sse.SseEvent;
import dev.modelgate.relay.sse.SseTranslator;
import dev.modelgate.relay.sse.TranslatingOutputStream;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One {@code POST /v1/responses} call from the client's bytes to the Responses-shaped answer: read the body within
 * the policy's limit, check the key, put the stored conversation before the input when the request continues a
 * {@code previous_response_id}, parse it once as a Responses request (so guardrails see and redact the client's own
 * items), and let the relay decide and execute it as it does chat. An OpenAI deployment is sent the Responses body
 * itself and its answer passes through; every other deployment is reached through chat, and its chat answer or
 * stream is carried back here. A response the client asked to keep ({@code store}, on by default as at OpenAI) is
 * saved under the caller's key once it is complete.
 */
final class ResponsesIngress {

    /** The standalone relay: authenticates, evaluates the policy, executes. */
    @FunctionalInterface
    interface Relay {
        /** As {@code RelayEntry.handle}: a gateway's signed decision is checked against the client's own bytes. */
        Response call(String authorization, String signedDecision, byte[] clientBody, ParsedRequest request, NativeRequest clientFormat);
    }

    private static final Logger LOG = Logger.getLogger(ResponsesIngress.class.getName());
    /** The relay's header on an answer that is the provider's own (here: OpenAI's Responses format). */
    private static final String PASSED_THROUGH = "x-modelgate-wire";

    private final ObjectMapper json;
    private final RequestParser parser;
    private final Function<String, Optional<String>> keyIds;
    private final ResponseStore store;
    private final Relay relay;
    private final Supplier<String> requestIds;
    private final Clock clock;

    ResponsesIngress(ObjectMapper json, RequestParser parser, Function<String, Optional<String>> keyIds, ResponseStore store,
                     Relay relay, Supplier<String> requestIds, Clock clock) {
        this.json = json;
        this.parser = parser;
        this.keyIds = keyIds;
        this.store = store;
        this.relay = relay;
        this.requestIds = requestIds;
        this.clock = clock;
    }

    Response create(String authorization, String signedDecision, InputStream in) {
        int maxBodyBytes = parser.limits().maxBodyBytes();
        byte[] body;
        try {
            body = in == null ? new byte[0] : BoundedBody.read(in, maxBodyBytes);
        } catch (BoundedBody.TooLarge e) {
            return error(413, "invalid_request_error", "request_too_large", "The request body is larger than the "
                    + maxBodyBytes + " bytes this gateway accepts.", null);
        } catch (IOException e) {
            return error(400, "invalid_request_error", "invalid_body", "The request body could not be read.", null);
        }
        Optional<String> keyId = keyIds.apply(authorization);
        // Behind a gateway the node decided and signed the request; the relay holds no key of the caller to keep
        // responses under, so none is stored and none is continued (the gateway's consumer is not a relay key).
        boolean fromGateway = keyId.isEmpty() && signedDecision != null;
        if (keyId.isEmpty() && !fromGateway) {
            return invalidKey(authorization);
        }
        ObjectNode client;
        ParsedRequest parsed;
        ObjectNode expanded;
        ArrayNode earlier;
        ArrayNode history;
        String previousId;
        boolean keep;
        try {
            client = parser.readJson(body);
            JsonNode storeField = client.get("store");
            if (storeField != null && !storeField.isNull() && !storeField.isBoolean()) {
                return error(400, "invalid_request_error", "invalid_type", "'store' must be a boolean (true or false).", "store");
            }
            keep = !fromGateway && (storeField == null || !storeField.isBoolean() || storeField.booleanValue());
            JsonNode previous = client.get("previous_response_id");
            previousId = previous != null && previous.isTextual() ? previous.textValue() : null;
            if (previousId != null && fromGateway) {
                return error(400, "invalid_request_error", "previous_response_unavailable", "previous_response_id is not served "
                        + "behind a gateway: responses are kept per relay key; send the conversation's items instead.",
                        "previous_response_id");
            }
            earlier = json.createArrayNode();
            history = json.createArrayNode();
            if (previousId != null) {
                Optional<StoredResponse> stored = store.find(previousId, keyId.get());
                if (stored.isEmpty()) {
                    return error(404, "invalid_request_error", "previous_response_not_found",
                            "Previous response with id '" + previousId + "' not found.", "previous_response_id");
                }
                JsonNode storedInput = json.readTree(stored.get().inputItems());
                JsonNode storedResponse = json.readTree(stored.get().response());
                history = ResponsesConversation.history(storedInput, storedResponse);
                // Kept as listed before (input items with their ids), then the earlier response's output.
                storedInput.forEach(item -> earlier.add(item.deepCopy()));
                earlier.addAll(ResponsesConversation.history(json.createArrayNode(), storedResponse));
            }
            expanded = ResponsesConversation.continued(client, history);
            parsed = parser.parse(Endpoint.RESPONSES, expanded);
        } catch (RequestException e) {
            return identified(OpenAiErrors.of(e), requestIds.get());
        } catch (IOException e) {
            return error(500, "server_error", "stored_response_unreadable", "The stored conversation could not be read.", null);
        } catch (RuntimeException e) {
            // The database could not be asked for the earlier conversation: nothing was decided or called yet.
            LOG.log(Level.WARNING, "stored responses unavailable", e);
            return error(503, "service_unavailable", "stored_responses_unavailable",
                    "The stored conversation cannot be read right now; try again shortly.", null);
        }
        String untranslatable = ResponsesRequests.toChat(expanded).untranslatable();
        // The relay hands the policy's redactions of the body here (when there are any): what is kept, and
        // echoed, is what the providers were sent, never a text a guardrail took out.
        AtomicReference<ObjectNode> redacted = new AtomicReference<>();
        NativeRequest clientFormat = new NativeRequest(ProviderType.OPENAI, expanded, List.of(), untranslatable, body1 -> {
            redacted.set(body1);
            return Optional.of(body1);
        });
        Response answer = relay.call(authorization, fromGateway ? signedDecision : null, body, parsed, clientFormat);
        ObjectNode unredacted = expanded;
        return answer(answer, new Turn(keyId.orElse(null), () -> redacted.get() != null ? redacted.get() : unredacted, previousId, keep,
                earlier, history.size()));
    }

    /**
     * What is kept of one request with its answer.
     *
     * @param sent         the request as the providers were sent it (the conversation expanded, the policy's redactions made)
     * @param earlier      the conversation before this request's input (kept input items with their ids, then the output)
     * @param historySize  how many of the sent input items are the earlier conversation's
     */
    private record Turn(String keyId, Supplier<ObjectNode> sent, String previousId, boolean keep, ArrayNode earlier,
                        int historySize) {
    }

    private Response answer(Response answer, Turn turn) {
        String requestId = header(answer, "x-request-id");
        if (requestId == null) {
            requestId = requestIds.get();
        }
        Object entity = answer.getEntity();
        if (answer.getStatus() >= 400) {
            return identified(answer, requestId); // already in OpenAI's error shape
        }
        ObjectNode sent = turn.sent().get();
        ResponseFrame frame = new ResponseFrame("resp_" + requestId, clock.instant().getEpochSecond(), sent,
                turn.previousId(), turn.keep());
        ArrayNode keptInput = turn.earlier().deepCopy();
        JsonNode input = sent.path("input");
        ArrayNode own = json.createArrayNode();
        if (input.isTextual()) {
            own.addObject().put("role", "user").put("content", input.textValue());
        } else {
            for (int i = turn.historySize(); i < input.size(); i++) {
                own.add(input.get(i).deepCopy());
            }
        }
        keptInput.addAll(ResponsesConversation.normalized(own, requestId));
        boolean passedThrough = "openai".equals(header(answer, PASSED_THROUGH));
        Response.ResponseBuilder out;
        if (entity instanceof StreamingOutput stream) {
            SseTranslator translator = passedThrough ? new Kept(json, turn) : new ResponsesStream(json, frame,
                    Optional.ofNullable(header(answer, "x-modelgate-model")).orElse(""));
            StreamingOutput events = client -> {
                TranslatingOutputStream translated = new TranslatingOutputStream(client, translator);
                try {
                    stream.write(translated);
                } finally {
                    translated.close(); // a relay stream that ended early gets its error event here
                }
                ObjectNode done = translator instanceof ResponsesStream r ? r.completed() : ((Kept) translator).completed();
                keep(turn, done, keptInput);
            };
            out = Response.ok(events, "text/event-stream").header("Cache-Control", "no-cache");
        } else {
            ObjectNode response;
            try {
                JsonNode upstream = json.readTree(entity instanceof byte[] bytes ? bytes
                        : String.valueOf(entity).getBytes(StandardCharsets.UTF_8));
                if (passedThrough) {
                    response = (ObjectNode) upstream;
                    echo(response, turn);
                } else {
                    response = ResponsesAnswers.fromChat(upstream, frame);
                }
            } catch (TranslationException | RuntimeException e) {
                return identified(OpenAiErrors.of(502, "upstream_error", "untranslatable_answer", e.getMessage() == null
                        ? "The provider's answer could not be read." : e.getMessage(), null), requestId);
            } catch (IOException e) {
                return identified(OpenAiErrors.of(502, "upstream_error", "untranslatable_answer",
                        "The provider's answer could not be read.", null), requestId);
            }
            keep(turn, response, keptInput);
            out = Response.ok(response.toString(), MediaType.APPLICATION_JSON);
        }
        copyHeaders(answer, out);
        return out.header("x-request-id", requestId).build();
    }

    /** What the relay keeps says what the client asked, not what was sent upstream (store: false, the chain expanded). */
    private static void echo(ObjectNode response, Turn turn) {
        response.put("store", turn.keep());
        if (turn.previousId() == null) {
            response.putNull("previous_response_id");
        } else {
            response.put("previous_response_id", turn.previousId());
        }
    }

    private void keep(Turn turn, ObjectNode response, ArrayNode keptInput) {
        if (!turn.keep() || response == null || !response.path("id").isTextual()) {
            return;
        }
        try {
            Instant created = Instant.ofEpochSecond(response.path("created_at").asLong(clock.instant().getEpochSecond()));
            if (!store.save(response.get("id").textValue(), turn.keyId(), created, keptInput.toString(), response.toString())) {
                LOG.warning(() -> "response " + response.get("id").textValue() + " is too large to keep");
            }
        } catch (RuntimeException e) {
            // The client has its answer; only a later previous_response_id to it will fail, with a 404.
            LOG.log(Level.WARNING, "response " + response.get("id").textValue() + " could not be kept", e);
        }
    }

    /** A header of the relay's answer, whatever case it was set in; null when absent. */
    private static String header(Response answer, String name) {
        for (var entry : answer.getStringHeaders().entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return entry.getValue().get(0);
            }
        }
        return null;
    }

    /** Modelgate's own headers and Retry-After; the rest describe the relay's body, not this one. */
    private static void copyHeaders(Response from, Response.ResponseBuilder to) {
        from.getStringHeaders().forEach((header, values) -> {
            String name = header.toLowerCase(Locale.ROOT);
            if (!values.isEmpty() && (name.startsWith("x-modelgate-") || name.equals("retry-after")) && !name.equals(PASSED_THROUGH)) {
                to.header(name, values.get(0));
            }
        });
    }

    static Response identified(Response response, String requestId) {
        return Response.fromResponse(response).header("x-request-id", requestId).build();
    }

    private Response error(int status, String type, String code, String message, String param) {
        return identified(OpenAiErrors.of(status, type, code, message, param), requestIds.get());
    }

    private Response invalidKey(String authorization) {
        return invalidKey(authorization, requestIds.get());
    }

    /** The 401 of every Responses endpoint, in the words the chat endpoints use. */
    static Response invalidKey(String authorization, String requestId) {
        return identified(OpenAiErrors.of(401, "invalid_request_error", "invalid_api_key",
                authorization == null ? "Missing API key: send Authorization: Bearer <key>." : "Incorrect API key provided.", null),
                requestId);
    }

    /**
     * An OpenAI Responses stream passed through as it came, with the finished response noted for keeping and its
     * echo of {@code store} and {@code previous_response_id} set to what the client asked.
     */
    private static final class Kept implements SseTranslator {

        private final ObjectMapper json;
        private final Turn turn;
        private ObjectNode completed;
        private boolean finished;

        Kept(ObjectMapper json, Turn turn) {
            this.json = json;
            this.turn = turn;
        }

        ObjectNode completed() {
            return completed;
        }

        @Override
        public List<SseEvent> onEvent(SseEvent event) {
            if (finished) {
                return List.of();
            }
            JsonNode data;
            try {
                data = json.readTree(event.data());
            } catch (IOException e) {
                return List.of(event);
            }
            if (data == null || !data.path("response").isObject()) {
                return List.of(event);
            }
            ObjectNode response = (ObjectNode) data.get("response");
            echo(response, turn);
            String type = data.path("type").asText("");
            if (type.equals("response.completed") || type.equals("response.incomplete")) {
                completed = response;
                finished = true;
            } else if (type.equals("response.failed")) {
                finished = true;
            }
            return List.of(new SseEvent(event.event(), data.toString()));
        }

        @Override
        public List<SseEvent> onEnd() {
            return List.of(); // the relay already ended a cut stream with the format's error event
        }

        @Override
        public boolean finished() {
            return finished;
        }
    }
}
