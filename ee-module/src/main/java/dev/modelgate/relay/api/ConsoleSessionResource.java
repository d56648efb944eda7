package dev.modelgate.relay.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.relay.auth.AdminPrincipal;
import dev.modelgate.relay.auth.AdminRole;
import dev.modelgate.relay.auth.ConsoleSessionStore;
import dev.modelgate.relay.auth.ConsoleSessions;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.time.Instant;

/**
 * The operator console's sign-in ({@code /admin/console/session}):
 * <ul>
 *   <li>{@code POST} with the admin API's credentials in {@code Authorization} (HTTP Basic for the static
 *       accounts, Bearer for an identity provider's token): {@link AdminAccess} checks, throttles and audits them
 *       as for any admin call; this opens a session and answers with its cookie and CSRF token;</li>
 *   <li>{@code GET} with the cookie: who is signed in, and the CSRF token again (for a page loaded afresh);</li>
 *   <li>{@code DELETE} with the cookie and the CSRF token: signs out.</li>
 * </ul>
 * A session is not opened from another session: signing in takes the credential itself.
 */
@Path("/admin/console/session")
@RequestScoped
public class ConsoleSessionResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ConsoleSessionStore sessions;

    @Inject
    AdminCaller caller;

    /** Carries, as an attribute, the session {@link AdminAccess} found (JAX-RS request properties are servlet attributes). */
    @Context
    HttpServletRequest request;

    @POST
    public Response signIn() {
        if (request.getAttribute(AdminAccess.CONSOLE_SESSION) != null) {
            return AdminAccess.unauthorized(false, "Sign in with the credentials themselves, not with a console session.");
        }
        ConsoleSessions.Session session = sessions.open(caller.principal());
        Duration maxAge = Duration.between(Instant.now(), session.expires());
        return Response.ok(describe(session).toString(), MediaType.APPLICATION_JSON)
                .cookie(ConsoleCookie.of(session.id(), maxAge, secure())).build();
    }

    @GET
    public Response current() {
        if (!(request.getAttribute(AdminAccess.CONSOLE_SESSION) instanceof ConsoleSessions.Session session)) {
            return AdminAccess.unauthorized(false, "No console session: sign in at /console/sign-in.");
        }
        return Response.ok(describe(session).toString(), MediaType.APPLICATION_JSON).build();
    }

    @DELETE
    public Response signOut() {
        if (request.getAttribute(AdminAccess.CONSOLE_SESSION) instanceof ConsoleSessions.Session session) {
            sessions.close(session.id());
        }
        return Response.noContent().cookie(ConsoleCookie.cleared(secure())).build();
    }

    private boolean secure() {
        return request.isSecure();
    }

    private static ObjectNode describe(ConsoleSessions.Session session) {
        AdminPrincipal who = session.principal();
        ObjectNode out = JSON.createObjectNode().put("user", who.name()).put("csrf_token", session.csrf())
                .put("expires_at", session.expires().toString());
        who.roles().stream().map(AdminRole::label).sorted().forEach(out.putArray("roles")::add);
        who.teams().stream().sorted().forEach(out.putArray("teams")::add);
        return out;
    }
}
