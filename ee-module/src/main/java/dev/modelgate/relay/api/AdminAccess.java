package dev.modelgate.relay.api;

import dev.modelgate.relay.auth.AdminCredentials;
import dev.modelgate.relay.auth.AdminRole;
import dev.modelgate.relay.format.openai.OpenAiErrors;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call which admin endpoint: the one place that says so. Everything under {@code /admin} needs a
 * role ({@link AdminCredentials}); 401 without valid credentials, 403 with a role that may not.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AdminAccess implements ContainerRequestFilter {

    private static final Set<AdminRole> READERS = EnumSet.of(AdminRole.ADMIN, AdminRole.FINANCE);
    private static final Set<AdminRole> FEEDS = EnumSet.of(AdminRole.ADMIN, AdminRole.FINANCE, AdminRole.INGEST);
    private static final Set<AdminRole> INGESTERS = EnumSet.of(AdminRole.ADMIN, AdminRole.INGEST);

    @Inject
    AdminCredentials credentials;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = normalised(request.getUriInfo().getPath());
        if (!path.startsWith("/admin")) {
            return;
        }
        if (!credentials.enabled()) {
            request.abortWith(OpenAiErrors.of(503, "service_unavailable", "admin_api_disabled",
                    "The admin API is off: the relay was started without MODELGATE_ADMIN_PASSWORD.", null));
            return;
        }
        Optional<AdminRole> role = credentials.roleOf(request.getHeaderString("Authorization"));
        if (role.isEmpty()) {
            Response unauthorized = OpenAiErrors.of(401, "authentication_error", "invalid_admin_credentials",
                    "The admin API needs the admin or finance user (HTTP Basic) or the ingest token (Bearer).", null);
            request.abortWith(Response.fromResponse(unauthorized).header("WWW-Authenticate", "Basic realm=\"modelgate-admin\"").build());
            return;
        }
        if (!allowed(request.getMethod(), path).contains(role.get())) {
            request.abortWith(OpenAiErrors.of(403, "permission_error", "admin_role_forbidden",
                    "The " + role.get().name().toLowerCase() + " role may not " + request.getMethod() + " " + path + ".", null));
        }
    }

    /** The decoded path with exactly one leading slash, so {@code //admin} is judged as {@code /admin}. */
    static String normalised(String path) {
        int start = 0;
        while (start < path.length() && path.charAt(start) == '/') {
            start++; // not a regex: this filter sees every relayed request
        }
        return "/" + path.substring(start);
    }

    static Set<AdminRole> allowed(String method, String path) {
        if (path.startsWith("/admin/providers/health") || path.startsWith("/admin/budgets")) {
            return "GET".equals(method) ? FEEDS : EnumSet.of(AdminRole.ADMIN);
        }
        if (path.startsWith("/admin/usage/events")) {
            return "POST".equals(method) ? INGESTERS : EnumSet.of(AdminRole.ADMIN);
        }
        if (path.startsWith("/admin/usage") || path.startsWith("/admin/ledger") || path.startsWith("/admin/credentials")) {
            return "GET".equals(method) ? READERS : EnumSet.of(AdminRole.ADMIN);
        }
        return EnumSet.of(AdminRole.ADMIN);
    }
}
