package dev.modelgate.relay.api;

import jakarta.ws.rs.core.NewCookie;

import java.time.Duration;

/**
 * The console's session cookie and headers. The cookie is HttpOnly (no script reads it), SameSite=Strict (no
 * other site's page sends it), scoped to the whole relay (the console's pages and the admin API it calls), and
 * Secure when the console was reached over HTTPS.
 */
final class ConsoleCookie {

    static final String NAME = "modelgate_console";
    /** The session's CSRF token, on every console call that is not a read. */
    static final String CSRF_HEADER = "X-Modelgate-CSRF";
    /** Marks a call from the console's scripts: a 401 then leaves out the Basic challenge a browser would prompt for. */
    static final String CONSOLE_HEADER = "X-Modelgate-Console";

    private ConsoleCookie() {
    }

    static NewCookie of(String sessionId, Duration maxAge, boolean secure) {
        return new NewCookie.Builder(NAME).value(sessionId).path("/").httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT).maxAge((int) maxAge.toSeconds()).build();
    }

    static NewCookie cleared(boolean secure) {
        return new NewCookie.Builder(NAME).value("").path("/").httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT).maxAge(0).build();
    }
}
