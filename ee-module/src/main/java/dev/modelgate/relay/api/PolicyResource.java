package dev.modelgate.relay.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.budget.Micros;
import dev.modelgate.policy.decision.PolicyHash;
import dev.modelgate.policy.eval.Caller;
import dev.modelgate.policy.eval.CompiledPolicy;
import dev.modelgate.policy.eval.Decision;
import dev.modelgate.policy.eval.PolicyEvaluators;
import dev.modelgate.policy.model.Team;
import dev.modelgate.policy.request.Endpoint;
import dev.modelgate.policy.request.ParsedRequest;
import dev.modelgate.policy.request.RequestException;
import dev.modelgate.policy.routing.DroppedCandidate;
import dev.modelgate.policy.routing.RouteCandidate;
import dev.modelgate.relay.audit.AuditLog;
import dev.modelgate.relay.format.openai.OpenAiErrors;
import dev.modelgate.relay.policy.PolicyService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The policy in force and what it would do:
 * <ul>
 *   <li>{@code GET /admin/policy}: its version, digest (the policy hash gateway decisions are bound to), files,
 *       when it was loaded, its size, and the latest load: applied, or refused with every problem as file:line:col;</li>
 *   <li>{@code POST /admin/policy/reload} (admin): loads the files again; a policy that does not load is refused
 *       (422 with its problems) and the one in force stays;</li>
 *   <li>{@code POST /admin/policy/explain} with {@code {"team" | "key" | "consumer": ..., "endpoint": "/v1/chat/completions",
 *       "request": {...}}}: the decision the policy in force takes on that request, as {@code modelgate explain}
 *       shows it: with fresh counters and budgets, so it changes nothing and spends nothing.</li>
 * </ul>
 * Roles: admin, finance and auditor read and explain; only an admin reloads.
 */
@Path("/admin/policy")
@RequestScoped
public class PolicyResource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_EXPLAIN_BYTES = 1024 * 1024;

    @Inject
    PolicyService policy;

    @Inject
    AdminCaller caller;

    @Inject
    AuditLog audit;

    @GET
    public Response inForce() {
        CompiledPolicy compiled = policy.policy();
        ObjectNode out = JSON.createObjectNode().put("version", compiled.policy().version())
                .put("digest", PolicyHash.of(compiled.policy())).put("files", policy.files())
                .put("loaded_at", policy.loadedAt().toString())
                .put("providers", compiled.policy().providers().size()).put("models", compiled.policy().models().size())
                .put("teams", compiled.policy().teams().size()).put("rules", compiled.policy().rules().size())
                .put("guardrails", compiled.policy().guardrails().size());
        out.set("last_load", load(policy.lastLoad()));
        return Response.ok(out.toString(), MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("reload")
    public Response reload() {
        PolicyService.Load load = policy.reload();
        audit.record(caller.actor(), load.applied() ? "policy.applied" : "policy.refused", load.applied() ? load.digest() : policy.files(),
                load.applied() ? "reloaded from " + policy.files() : load.problems().size() + " problem(s); the policy in force stays");
        return Response.status(load.applied() ? 200 : 422).entity(load(load).toString()).type(MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("explain")
    public Response explain(InputStream body) {
        JsonNode in;
        try {
            in = JSON.readTree(new String(BoundedBody.read(body, MAX_EXPLAIN_BYTES), StandardCharsets.UTF_8));
        } catch (BoundedBody.TooLarge e) {
            return OpenAiErrors.of(413, "invalid_request_error", "request_too_large", "An explained request is at most 1 MiB.", null);
        } catch (JsonProcessingException e) {
            return invalid("The body is not JSON: {\"team\": ..., \"request\": {...}}.", null);
        } catch (IOException e) {
            return invalid("The body could not be read.", null);
        }
        if (in == null || !in.path("request").isObject()) {
            return invalid("Put the request body under \"request\": {\"team\": \"search\", \"request\": {\"model\": ..., \"messages\": [...]}}.", "request");
        }
        CompiledPolicy compiled = policy.policy();
        Caller who = caller(compiled, in);
        if (who == null) {
            return invalid("Say who calls: \"team\", \"key\" or \"consumer\".", "team");
        }
        String path = in.path("endpoint").asText("/v1/chat/completions");
        Endpoint endpoint = Endpoint.fromPath(path).orElse(null);
        if (endpoint == null) {
            return invalid("Unknown endpoint " + path + ".", "endpoint");
        }
        ObjectNode out = JSON.createObjectNode().put("team", compiled.teamOf(who));
        try {
            ParsedRequest parsed = policy.parser().parse(endpoint, "application/json", JSON.writeValueAsBytes(in.path("request")));
            describe(out, PolicyEvaluators.fresh().evaluate(compiled, who, parsed));
        } catch (RequestException e) {
            out.put("decision", "reject").put("status", e.status()).put("code", e.code()).put("message", e.getMessage());
        } catch (JsonProcessingException e) {
            return invalid("The request could not be read.", "request");
        }
        return Response.ok(out.toString(), MediaType.APPLICATION_JSON).build();
    }

    /** The caller to explain as: a key or consumer as named, or a team's first key or consumer (as the CLI does). */
    static Caller caller(CompiledPolicy compiled, JsonNode in) {
        if (in.hasNonNull("key")) {
            return Caller.key(in.get("key").asText());
        }
        if (in.hasNonNull("consumer")) {
            return Caller.consumer(in.get("consumer").asText());
        }
        if (!in.hasNonNull("team")) {
            return null;
        }
        String team = in.get("team").asText();
        Team t = compiled.team(team);
        if (t != null && !t.keys().isEmpty()) {
            return Caller.key(t.keys().get(0).id());
        }
        return t != null && !t.consumers().isEmpty() ? Caller.consumer(t.consumers().get(0)) : new Caller("(team " + team + ")", null, Map.of());
    }

    private static void describe(ObjectNode out, Decision decision) {
        Decision.Trace trace = decision.trace();
        if (decision instanceof Decision.Admitted a) {
            out.put("decision", "admit").put("alias", a.alias()).put("input_tokens", a.inputTokens())
                    .put("output_tokens", a.outputTokens()).put("reserved_usd", Micros.toUsd(a.reservedMicros()).toPlainString())
                    .put("redacted", a.redacted());
        } else if (decision instanceof Decision.Rejected r) {
            out.put("decision", "reject").put("status", r.rejection().status()).put("code", r.rejection().code())
                    .put("message", r.rejection().message());
        }
        out.put("rule", trace.rule());
        strings(out.putArray("guardrails"), trace.guardrails());
        strings(out.putArray("limits"), trace.limits());
        strings(out.putArray("notes"), trace.notes());
        ArrayNode kept = out.putArray("candidates");
        ArrayNode dropped = out.putArray("dropped");
        if (trace.plan() != null) {
            for (RouteCandidate c : trace.plan().kept()) {
                kept.addObject().put("deployment", c.deploymentId()).put("alias", c.alias())
                        .put("estimated_cost_usd", Micros.toUsd(c.estimatedCostMicros()).toPlainString());
            }
            for (DroppedCandidate d : trace.plan().dropped()) {
                dropped.addObject().put("deployment", d.deploymentId()).put("alias", d.alias()).put("reason", d.reason());
            }
        }
    }

    private static ObjectNode load(PolicyService.Load load) {
        ObjectNode out = JSON.createObjectNode().put("at", load.at().toString()).put("applied", load.applied()).put("digest", load.digest());
        strings(out.putArray("problems"), load.problems());
        return out;
    }

    private static void strings(ArrayNode into, List<String> values) {
        values.forEach(into::add);
    }

    private static Response invalid(String message, String param) {
        return OpenAiErrors.of(400, "invalid_request_error", "invalid_explain_request", message, param);
    }
}
