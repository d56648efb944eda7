package dev.modelgate.relay.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.relay.audit.AuditChain;
import dev.modelgate.relay.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /admin/audit?limit=100&action=admin.login.failed}: the newest administrative actions (of one action,
 * when named); {@code GET /admin/audit/verify}: walks the whole hash chain and names the first entry that was changed,
 * removed or reordered. Roles: admin, auditor.
 */
@Path("/admin/audit")
@ApplicationScoped
public class AuditResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AuditLog audit;

    @GET
    public Response latest(@QueryParam("limit") Integer limit, @QueryParam("action") String action) {
        ArrayNode list = JSON.createArrayNode();
        int max = limit == null ? 100 : Math.max(1, Math.min(1000, limit));
        (action == null || action.isBlank() ? audit.latest(max) : audit.latest(max, action)).forEach(e -> list.addObject()
                .put("seq", e.seq()).put("at", e.at().toString()).put("actor", e.actor()).put("action", e.action())
                .put("subject", e.subject()).put("detail", e.detail()).put("hash", e.hash()));
        ObjectNode out = JSON.createObjectNode();
        out.set("entries", list);
        return Response.ok(out.toString(), MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("verify")
    public Response verify() {
        AuditChain.Verdict v = audit.verify();
        ObjectNode out = JSON.createObjectNode().put("valid", v.valid()).put("entries", v.entries());
        if (!v.valid()) {
            out.put("broken_at", v.brokenAt()).put("reason", v.reason());
        }
        return Response.ok(out.toString(), MediaType.APPLICATION_JSON).build();
    }
}
