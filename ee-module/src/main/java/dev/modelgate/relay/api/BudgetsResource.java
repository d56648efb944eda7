package dev.modelgate.relay.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.budget.BudgetStatus;
import dev.modelgate.policy.budget.Micros;
import dev.modelgate.policy.eval.CompiledPolicy;
import dev.modelgate.policy.model.Budget;
import dev.modelgate.relay.policy.PolicyService;
import dev.modelgate.relay.cluster.Unavailable;
import dev.modelgate.relay.format.openai.OpenAiErrors;
import dev.modelgate.relay.reports.BurnRate;
import dev.modelgate.shared.redis.SharedStateUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.Locale;

/**
 * {@code GET /admin/budgets}: every budget of the policy (per team and per key) in its current period, with
 * what this relay has settled (its own requests and the usage posted to it) and holds in flight. Gateway nodes
 * poll it so that a spent cap is refused at the edge on every node; the relay still reserves each request
 * itself, so a cap holds between polls.
 * Roles: admin, finance, ingest (gateway nodes); see {@link dev.modelgate.relay.api.AdminAccess}.
 *
 * <pre>{"generated_at": 1764230400, "budgets": [{"scope": "team:search", "period": "monthly", "enforcement": "hard",
 *   "window_start": 1764547200, "window_end": 1767225600, "limit_micros": 5000000000, "spent_micros": 1200,
 *   "reserved_micros": 300, "remaining_micros": 4999998500, "limit_usd": "5000", "spent_usd": "0.0012",
 *   "projected_run_out": null}]}</pre>
 * {@code projected_run_out} is when the budget runs out at this period's pace so far ({@link BurnRate}), in epoch
 * seconds, or null when it does not within the period.
 */
@Path("/admin/budgets")
@ApplicationScoped
public class BudgetsResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    PolicyService policy;

    @GET
    public Response budgets() {
        CompiledPolicy compiled = policy.policy();
        Instant now = Instant.now();
        ObjectNode out = JSON.createObjectNode().put("generated_at", now.getEpochSecond());
        ArrayNode list = out.putArray("budgets");
        try {
            for (CompiledPolicy.ScopedBudget b : compiled.budgets()) {
                add(list, compiled, b.scope(), b.budget(), now);
            }
        } catch (SharedStateUnavailableException e) {
            // Gateway nodes poll this feed: a 503 keeps their last snapshot instead of an empty one.
            return OpenAiErrors.of(Unavailable.BUDGETS);
        }
        return Response.ok(out.toString(), MediaType.APPLICATION_JSON).build();
    }

    private void add(ArrayNode list, CompiledPolicy compiled, String scope, Budget budget, Instant now) {
        long limit = Micros.limitFromUsd(budget.amountUsd());
        BudgetStatus status = policy.budgets().status(scope, limit, budget.period(), compiled.zone(budget.timezone()), now);
        ObjectNode entry = list.addObject()
                .put("scope", scope)
                .put("period", budget.period().name().toLowerCase(Locale.ROOT))
                .put("enforcement", budget.enforcement().name().toLowerCase(Locale.ROOT))
                .put("window_start", status.window().start().getEpochSecond())
                .put("window_end", status.window().end().getEpochSecond())
                .put("limit_micros", limit)
                .put("spent_micros", status.spentMicros())
                .put("reserved_micros", status.reservedMicros())
                .put("remaining_micros", status.remainingMicros())
                .put("limit_usd", budget.amountUsd().toPlainString())
                .put("spent_usd", Micros.toUsd(status.spentMicros()).toPlainString());
        BurnRate.runOut(status.window().start(), status.window().end(), now, status.spentMicros(), limit)
                .ifPresentOrElse(at -> entry.put("projected_run_out", at.getEpochSecond()), () -> entry.putNull("projected_run_out"));
    }
}
