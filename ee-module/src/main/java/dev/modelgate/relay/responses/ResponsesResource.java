package dev.modelgate.relay.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.decision.DecisionSigner;
import dev.modelgate.relay.api.RelayEntry;
import dev.modelgate.relay.auth.ApiKeys;
import dev.modelgate.relay.conversations.ResponseStore;
import dev.modelgate.relay.conversations.StoredResponse;
import dev.modelgate.relay.format.openai.OpenAiErrors;
import dev.modelgate.relay.policy.PolicyService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * OpenAI's Responses API, for Codex, the Agents SDK and other Responses clients: {@code POST /v1/responses}
 * (decided under the same policy as chat, see {@link ResponsesIngress}), and the responses kept per API key:
 * {@code GET} and {@code DELETE /v1/responses/{id}}, {@code GET /v1/responses/{id}/input_items}. A key sees only its
 * own responses; another key's is answered 404, as one that does not exist.
 */
@Path("/v1/responses")
@ApplicationScoped
public class ResponsesResource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_PAGE = 20;
    private static final int MAX_PAGE = 100;

    @Inject
    RelayEntry relay;

    @Inject
    PolicyService policy;

    @Inject
    ApiKeys keys;

    @Inject
    ResponseStore store;

    @POST
    public Response create(@HeaderParam("Authorization") String authorization,
                           @HeaderParam(DecisionSigner.HEADER) String signedDecision, InputStream body) {
        return new ResponsesIngress(JSON, policy.parser(), keys::keyId, store, relay::handle, relay::newRequestId,
                Clock.systemUTC()).create(authorization, signedDecision, body);
    }

    @GET
    @Path("{id}")
    public Response retrieve(@HeaderParam("Authorization") String authorization, @PathParam("id") String id) {
        return owned(authorization, id, stored -> ok(stored.response()));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@HeaderParam("Authorization") String authorization, @PathParam("id") String id) {
        Optional<String> keyId = keys.keyId(authorization);
        if (keyId.isEmpty()) {
            return invalidKey(authorization);
        }
        if (!store.delete(id, keyId.get())) {
            return notFound(id);
        }
        ObjectNode deleted = JSON.createObjectNode().put("id", id).put("object", "response.deleted").put("deleted", true);
        return ok(deleted.toString());
    }

    /**
     * The conversation's input items up to the response, as OpenAI lists them: newest first unless
     * {@code order=asc}, {@code limit} per page (1 to 100, 20 by default), {@code after} an item id.
     */
    @GET
    @Path("{id}/input_items")
    public Response inputItems(@HeaderParam("Authorization") String authorization, @PathParam("id") String id,
                               @QueryParam("limit") Integer limit, @QueryParam("order") String order, @QueryParam("after") String after) {
        if (limit != null && (limit < 1 || limit > MAX_PAGE)) {
            return error(400, "invalid_request_error", "invalid_value", "'limit' must be between 1 and " + MAX_PAGE + ".", "limit");
        }
        if (order != null && !order.equals("asc") && !order.equals("desc")) {
            return error(400, "invalid_request_error", "invalid_value", "'order' must be asc or desc.", "order");
        }
        return owned(authorization, id, stored -> {
            List<JsonNode> items = new ArrayList<>();
            try {
                JSON.readTree(stored.inputItems()).forEach(items::add);
            } catch (IOException e) {
                return error(500, "server_error", "stored_response_unreadable", "The stored conversation could not be read.", null);
            }
            if (!"asc".equals(order)) {
                java.util.Collections.reverse(items);
            }
            int from = 0;
            if (after != null) {
                for (int i = 0; i < items.size(); i++) {
                    if (after.equals(items.get(i).path("id").asText(null))) {
                        from = i + 1;
                    }
                }
            }
            int to = Math.min(items.size(), from + (limit == null ? DEFAULT_PAGE : limit));
            ObjectNode page = JSON.createObjectNode().put("object", "list");
            ArrayNode data = page.putArray("data");
            items.subList(from, to).forEach(data::add);
            if (data.isEmpty()) {
                page.putNull("first_id").putNull("last_id");
            } else {
                page.put("first_id", data.get(0).path("id").asText()).put("last_id", data.get(data.size() - 1).path("id").asText());
            }
            page.put("has_more", to < items.size());
            return ok(page.toString());
        });
    }

    private Response owned(String authorization, String id, java.util.function.Function<StoredResponse, Response> answer) {
        Optional<String> keyId = keys.keyId(authorization);
        if (keyId.isEmpty()) {
            return invalidKey(authorization);
        }
        return store.find(id, keyId.get()).map(answer).orElseGet(() -> notFound(id));
    }

    private Response ok(String json) {
        return Response.ok(json, MediaType.APPLICATION_JSON).header("x-request-id", relay.newRequestId()).build();
    }

    private Response notFound(String id) {
        return error(404, "invalid_request_error", "not_found", "Response with id '" + id + "' not found.", null);
    }

    private Response invalidKey(String authorization) {
        return ResponsesIngress.invalidKey(authorization, relay.newRequestId());
    }

    private Response error(int status, String type, String code, String message, String param) {
        return ResponsesIngress.identified(OpenAiErrors.of(status, type, code, message, param), relay.newRequestId());
    }
}
