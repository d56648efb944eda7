package dev.modelgate.relay.api;

import dev.modelgate.relay.audit.AuditLog;
import dev.modelgate.relay.auth.AdminPrincipal;
import dev.modelgate.relay.auth.AdminRole;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

import java.util.Set;
import java.util.logging.Logger;

/**
 * Every admin answer, refusals included: security headers (never cached, never framed, never sniffed), its request
 * id, and, for a signed-in person, one audit entry of who did what from where and how it ended. A gateway node's
 * ingest token is a machine's, polling feeds every few seconds: its calls are not audited one by one (its failed
 * sign-ins are, in {@link AdminAccess}).
 */
@Provider
public class AdminResponses implements ContainerResponseFilter {

    private static final Logger LOG = Logger.getLogger(AdminResponses.class.getName());

    @Inject
    AuditLog audit;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object requestId = request.getProperty(AdminAccess.REQUEST_ID);
        if (requestId == null) {
            return; // not an admin request
        }
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.putSingle("Cache-Control", "no-store");
        headers.putSingle("X-Frame-Options", "DENY");
        headers.putSingle("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("x-request-id", requestId);
        if (request.getProperty(AdminAccess.PRINCIPAL) instanceof AdminPrincipal principal && !principal.roles().equals(Set.of(AdminRole.INGEST))) {
            String detail = "as " + principal.roleLabels() + " (signed in by " + principal.method() + ") from "
                    + request.getProperty(AdminAccess.ADDRESS) + "; status " + response.getStatus() + "; request " + requestId;
            try {
                audit.record(principal.actor(), "admin.request", request.getMethod() + " " + AdminAccess.normalised(request.getUriInfo().getPath()), detail);
            } catch (RuntimeException e) {
                LOG.warning("The audit log could not record an admin request: " + e.getClass().getSimpleName());
            }
        }
    }
}
