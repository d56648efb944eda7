package dev.modelgate.relay.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.budget.Micros;
import dev.modelgate.relay.auth.AdminPrincipal;
import dev.modelgate.relay.auth.AdminRole;
import dev.modelgate.relay.format.openai.OpenAiErrors;
import dev.modelgate.relay.settlement.Attempt;
import dev.modelgate.relay.settlement.Generation;
import dev.modelgate.relay.settlement.Generations;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Locale;
import java.util.Optional;

/**
 * Recent requests and their traces, for operators:
 * <ul>
 *   <li>{@code GET /admin/requests?team=&model=&status=ok|failover|failed&limit=50}: the latest requests in the usage
 *       ledger, newest first, of one team and one alias or upstream model when named;</li>
 *   <li>{@code GET /admin/requests/{id}}: one request with every attempt in order (deployment, status, outcome,
 *       latency), deployments passed over without a call included while this relay still holds the request.</li>
 * </ul>
 * Roles: admin, finance, auditor; a team admin names one of its teams, and sees only its teams' requests.
 */
@Path("/admin/requests")
@RequestScoped
public class RequestsResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Generations generations;

    @Inject
    AdminCaller caller;

    @GET
    public Response latest(@QueryParam("team") String team, @QueryParam("model") String model,
                           @QueryParam("status") String status, @QueryParam("limit") Integer limit) {
        Generations.Status wanted;
        try {
            wanted = status == null || status.isBlank() ? null : Generations.Status.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return OpenAiErrors.of(400, "invalid_request_error", "invalid_status", "status is ok, failover or failed", "status");
        }
        AdminPrincipal who = caller.principal();
        if (!everyTeam(who) && !who.manages(blankToNull(team))) {
            return AdminAccess.teamForbidden(who, team);
        }
        int max = limit == null ? 50 : Math.max(1, Math.min(200, limit));
        ArrayNode list = JSON.createArrayNode();
        generations.latest(new Generations.Filter(blankToNull(team), blankToNull(model), wanted, max))
                .forEach(g -> list.add(summary(g)));
        ObjectNode out = JSON.createObjectNode();
        out.set("requests", list);
        return Response.ok(out.toString(), MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("{id}")
    public Response one(@PathParam("id") String id) {
        // Another team's request is answered as one that does not exist, so a team admin cannot probe ids.
        AdminPrincipal who = caller.principal();
        Optional<Generation> found = generations.find(id).filter(g -> everyTeam(who) || who.manages(g.team()));
        if (found.isEmpty()) {
            return OpenAiErrors.of(404, "invalid_request_error", "request_not_found", "No request with id '" + id + "'.", "id");
        }
        Generation g = found.get();
        ObjectNode out = summary(g);
        ArrayNode attempts = out.putArray("attempts");
        int n = 0;
        for (Attempt a : g.attempts()) {
            boolean called = a.status() != 0 || a.latencyMicros() != 0;
            attempts.addObject().put("n", ++n).put("deployment", a.deployment()).put("called", called)
                    .put("status", a.status()).put("outcome", a.outcome()).put("latency_ms", a.latencyMicros() / 1000.0);
        }
        return Response.ok(out.toString(), MediaType.APPLICATION_JSON).build();
    }

    private static ObjectNode summary(Generation g) {
        return JSON.createObjectNode().put("id", g.id()).put("created_at", g.createdAt().toString()).put("team", g.team())
                .put("key", g.key()).put("model", g.alias()).put("provider", g.provider()).put("upstream_model", g.model())
                .put("served", g.provider() != null).put("streamed", g.streamed()).put("outcome", g.outcome())
                .put("attempts_count", g.attempts().size()).put("failover", g.provider() != null && g.attempts().size() > 1)
                .put("input_tokens", g.promptTokens()).put("output_tokens", g.completionTokens())
                .put("cost_micros", g.costMicros()).put("cost_usd", Micros.toUsd(g.costMicros()).toPlainString());
    }

    /** Whether the caller sees every team: any role but team admin does (a team admin with another role, too). */
    private static boolean everyTeam(AdminPrincipal who) {
        return who.roles().stream().anyMatch(r -> r != AdminRole.TEAM_ADMIN);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
