package dev.modelgate.relay.api;

import dev.modelgate.relay.format.openai.OpenAiErrors;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.budget.Micros;
import dev.modelgate.relay.auth.ApiKeys;
import dev.modelgate.relay.settlement.Attempt;
import dev.modelgate.relay.settlement.Generation;
import dev.modelgate.relay.settlement.Generations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Optional;

/**
 * {@code GET /v1/generations/{id}} (and OpenRouter's {@code GET /v1/generation?id=}): the record of one
 * request, with every attempt. A key only sees its own requests: another key gets 404, as if it did not exist.
 */
@Path("/v1")
@ApplicationScoped
public class GenerationsResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Generations generations;

    @Inject
    ApiKeys keys;

    @GET
    @Path("generations/{id}")
    public Response byPath(@HeaderParam("Authorization") String authorization, @PathParam("id") String id) {
        return find(authorization, id);
    }

    @GET
    @Path("generation")
    public Response byQuery(@HeaderParam("Authorization") String authorization, @QueryParam("id") String id) {
        return find(authorization, id);
    }

    private Response find(String authorization, String id) {
        Optional<String> key = keys.keyId(authorization);
        if (key.isEmpty()) {
            return OpenAiErrors.of(401, "invalid_request_error", "invalid_api_key", "Missing or incorrect API key.", null);
        }
        Optional<Generation> found = Optional.ofNullable(id).flatMap(generations::find).filter(g -> key.get().equals(g.key()));
        if (found.isEmpty()) {
            return OpenAiErrors.of(404, "invalid_request_error", "generation_not_found", "No generation with id '" + id + "'.", "id");
        }
        Generation g = found.get();
        ObjectNode data = JSON.createObjectNode().put("id", g.id()).put("team", g.team()).put("model", g.alias())
                .put("provider_name", g.provider()).put("upstream_model", g.model()).put("streamed", g.streamed())
                .put("outcome", g.outcome()).put("tokens_prompt", g.promptTokens()).put("tokens_completion", g.completionTokens())
                .put("total_cost", Micros.toUsd(g.costMicros()).toPlainString()).put("created_at", g.createdAt().toString());
        ArrayNode attempts = data.putArray("attempts");
        for (Attempt a : g.attempts()) {
            attempts.addObject().put("deployment", a.deployment()).put("status", a.status()).put("outcome", a.outcome())
                    .put("latency_ms", a.latencyMicros() / 1000.0);
        }
        ObjectNode out = JSON.createObjectNode();
        out.set("data", data);
        return Response.ok(out.toString(), MediaType.APPLICATION_JSON).build();
    }
}
