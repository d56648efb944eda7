package dev.modelgate.relay.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.relay.settlement.Reconciliation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /admin/ledger/reconcile}: proves that what teams were charged, what providers are owed and what
 * the priced usage adds up to are the same, to the micro-USD, and lists every account that differs.
 * Roles: admin and finance; see {@link dev.modelgate.relay.api.AdminAccess}.
 */
@Path("/admin/ledger/reconcile")
@ApplicationScoped
public class LedgerResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Reconciliation reconciliation;

    @GET
    public Response reconcile() {
        Reconciliation.Result r = reconciliation.run();
        ObjectNode out = JSON.createObjectNode()
                .put("balanced", r.balanced())
                .put("events", r.events())
                .put("priced_usage_micros", r.pricedUsageMicros())
                .put("debits_micros", r.debitsMicros())
                .put("credits_micros", r.creditsMicros());
        ObjectNode differences = out.putObject("differences");
        r.differences().forEach(differences::put);
        return Response.ok(out.toString(), MediaType.APPLICATION_JSON).build();
    }
}
