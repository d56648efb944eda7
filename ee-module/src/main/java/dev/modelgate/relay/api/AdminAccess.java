package dev.modelgate.relay.api;

import dev.modelgate.policy.decision.RequestIds;
import dev.modelgate.relay.audit.AuditLog;
import dev.modelgate.relay.auth.AdminCredentials;
import dev.modelgate.relay.auth.AdminPrincipal;
import dev.modelgate.relay.auth.AdminRole;
import dev.modelgate.relay.auth.AdminThrottle;
import dev.modelgate.relay.auth.ConsoleSessionStore;
import dev.modelgate.relay.auth.ConsoleSessions;
import dev.modelgate.relay.auth.SignIn;
import dev.modelgate.relay.auth.SourceAddresses;
import dev.modelgate.relay.format.openai.OpenAiErrors;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Signs in every request under {@code /admin} and lets it through only as far as {@link AdminPermissions} say:
 * 401 without valid credentials, 429 while the source or account must wait after failed attempts
 * ({@link AdminThrottle}), 403 for a role that may not, or a team admin asking about another team. Every
 * sign-in attempt that presented credentials goes to the audit log, failed or throttled here, successful with
 * the action it carried in {@link AdminResponses}. Nothing of a credential is written anywhere.
 *
 * <p>The operator console's browser calls carry no credentials but its session cookie ({@link ConsoleCookie}):
 * the session's principal stands for the person who signed in, and every call that is not a read must also carry
 * the session's CSRF token in {@value ConsoleCookie#CSRF_HEADER}.
 */
@Provider
@PreMatching // before resource matching: an admin path that names no endpoint is signed in too, not a free 404 probe
@Priority(Priorities.AUTHENTICATION)
public class AdminAccess implements ContainerRequestFilter {

    /** Request properties {@link AdminResponses} reads back. */
    static final String REQUEST_ID = "modelgate.admin.request-id";
    static final String PRINCIPAL = "modelgate.admin.principal";
    static final String ADDRESS = "modelgate.admin.address";
    /** The console session a request came with (absent for a call with credentials of its own). */
    static final String CONSOLE_SESSION = "modelgate.admin.console-session";

    private static final Logger LOG = Logger.getLogger(AdminAccess.class.getName());

    private final RequestIds ids = new RequestIds("admin-");

    @Inject
    AdminCredentials credentials;

    @Inject
    AdminThrottle throttle;

    @Inject
    SourceAddresses addresses;

    @Inject
    AdminCaller caller;

    @Inject
    ConsoleSessionStore sessions;

    @Inject
    AuditLog audit;

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = normalised(request.getUriInfo().getPath());
        if (!isAdmin(path)) {
            return;
        }
        request.setProperty(REQUEST_ID, ids.next());
        if (!credentials.enabled()) {
            request.abortWith(OpenAiErrors.of(503, "service_unavailable", "admin_api_disabled",
                    "The admin API is off: the relay was started without MODELGATE_ADMIN_PASSWORD or an identity provider "
                            + "(MODELGATE_ADMIN_OIDC_ISSUER, ...).", null));
            return;
        }
        String address = addresses.of(servletRequest.getRemoteAddr(), request.getHeaderString("X-Forwarded-For"));
        request.setProperty(ADDRESS, address);
        String authorization = request.getHeaderString("Authorization");
        String what = request.getMethod() + " " + path;
        Cookie cookie = request.getCookies().get(ConsoleCookie.NAME);
        AdminPrincipal principal;
        if ((authorization == null || authorization.isBlank()) && cookie != null) {
            principal = fromConsole(request, cookie.getValue());
        } else if (authorization == null || authorization.isBlank()) {
            request.abortWith(unauthorized(challenge(request), "The admin API needs credentials: a token from your identity provider (Bearer), "
                    + "the admin or finance user (HTTP Basic) or the ingest token (Bearer)."));
            return;
        } else {
            principal = signedIn(request, authorization, address, what);
        }
        if (principal == null) {
            return;
        }
        caller.set(principal);
        request.setProperty(PRINCIPAL, principal);
        AdminPermissions.Reach reach = AdminPermissions.reach(principal, request.getMethod(), path);
        if (reach == AdminPermissions.Reach.NONE) {
            request.abortWith(OpenAiErrors.of(403, "permission_error", "admin_role_forbidden",
                    "The " + principal.roleLabels() + " role may not " + what + " (allowed: "
                            + AdminPermissions.roles(request.getMethod(), path).stream().map(AdminRole::label).collect(Collectors.joining(", ")) + ").",
                    null));
            return;
        }
        if (reach == AdminPermissions.Reach.OWN_TEAMS && path.startsWith("/admin/usage")) {
            String team = request.getUriInfo().getQueryParameters().getFirst("team");
            if (!principal.manages(team)) {
                request.abortWith(teamForbidden(principal, team));
            }
        }
    }

    /** The console session's person, or null when the request was answered here: no such session, or no CSRF token. */
    private AdminPrincipal fromConsole(ContainerRequestContext request, String id) {
        Optional<ConsoleSessions.Session> session = sessions.use(id);
        if (session.isEmpty()) {
            request.abortWith(unauthorized(challenge(request), "The console session has ended: sign in again."));
            return null;
        }
        String method = request.getMethod();
        boolean reads = method.equals("GET") || method.equals("HEAD");
        if (!reads && !ConsoleSessions.csrfMatches(session.get(), request.getHeaderString(ConsoleCookie.CSRF_HEADER))) {
            request.abortWith(OpenAiErrors.of(403, "permission_error", "csrf_token_missing",
                    "A console call that changes something carries the session's token in " + ConsoleCookie.CSRF_HEADER + ".", null));
            return null;
        }
        request.setProperty(CONSOLE_SESSION, session.get());
        return session.get().principal();
    }

    /** The caller the credentials prove, or null when the request was answered here: throttled, refused or uncheckable. */
    private AdminPrincipal signedIn(ContainerRequestContext request, String authorization, String address, String what) {
        String account = AdminCredentials.claimedAccount(authorization);
        Optional<Duration> wait = throttle.waitFor(address, account);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            record(AdminCredentials.recordable(account), "admin.login.throttled", what, "from " + address + "; refused unchecked, retry after " + seconds + " s");
            request.abortWith(Response.fromResponse(OpenAiErrors.of(429, "rate_limit_error", "admin_sign_in_throttled",
                    "Too many failed admin sign-ins from this address or for this account: try again in " + seconds + " s.", null))
                    .header("Retry-After", seconds).build());
            return null;
        }
        SignIn signIn = credentials.signIn(authorization);
        if (signIn instanceof SignIn.Unavailable unavailable) {
            record(null, "admin.login.unavailable", what, "from " + address + "; " + unavailable.method() + ": " + unavailable.reason());
            request.abortWith(OpenAiErrors.of(503, "service_unavailable", "identity_provider_unavailable",
                    "The admin token cannot be checked now (" + unavailable.reason() + "); the static admin password still works.", null));
            return null;
        }
        if (signIn instanceof SignIn.Refused refused) {
            throttle.failed(address, refused.account());
            record(AdminCredentials.recordable(refused.account()), "admin.login.failed", what, "from " + address + "; " + refused.method() + ": " + refused.reason());
            request.abortWith(unauthorized(challenge(request), "The admin credentials were refused (" + refused.reason() + ")."));
            return null;
        }
        if (!(signIn instanceof SignIn.Proven proven)) {
            request.abortWith(unauthorized(challenge(request), "The admin API needs credentials."));
            return null;
        }
        return proven.principal();
    }

    /**
     * A 401 that invites HTTP Basic, except to the console's scripts: a browser answers that header with its own
     * password dialog, in front of the console's sign-in form.
     */
    static Response unauthorized(boolean challenge, String message) {
        Response unauthorized = OpenAiErrors.of(401, "authentication_error", "invalid_admin_credentials", message, null);
        if (!challenge) {
            return unauthorized;
        }
        return Response.fromResponse(unauthorized).header("WWW-Authenticate", "Basic realm=\"modelgate-admin\"").build();
    }

    /** Whether a 401 may carry the Basic challenge: not for the console's scripts. */
    static boolean challenge(ContainerRequestContext request) {
        return request.getHeaderString(ConsoleCookie.CONSOLE_HEADER) == null;
    }

    /** A team admin asking about a team that is not its own (or about no team at all). */
    static Response teamForbidden(AdminPrincipal principal, String team) {
        return OpenAiErrors.of(403, "permission_error", "team_forbidden", team == null || team.isBlank()
                ? "A team admin names one of its teams (" + String.join(", ", principal.teams()) + "): ?team=..."
                : "The team '" + team + "' is not one this team admin manages.", "team");
    }

    private void record(String actor, String action, String subject, String detail) {
        try {
            audit.record(actor == null || actor.isBlank() ? "unknown" : actor, action, subject, detail);
        } catch (RuntimeException e) {
            // The sign-in answer does not wait on the audit database; the failure is loud in the log.
            LOG.warning("The audit log could not record " + action + ": " + e.getClass().getSimpleName());
        }
    }

    static boolean isAdmin(String path) {
        return path.startsWith("/admin"); // also /adminx: nothing lives there, and an unknown admin-like path stays closed
    }

    /** The decoded path with exactly one leading slash, so {@code //admin} is judged as {@code /admin}. */
    static String normalised(String path) {
        int start = 0;
        while (start < path.length() && path.charAt(start) == '/') {
            start++; // not a regex: this filter sees every relayed request
        }
        return "/" + path.substring(start);
    }
}
