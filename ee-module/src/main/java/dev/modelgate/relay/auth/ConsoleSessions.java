package dev.modelgate.relay.auth;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator console's browser sessions. A person signs in once with the admin API's own credentials (password
 * or identity-provider token, checked, throttled and audited like any admin call); the browser then holds only a
 * random session id in an HttpOnly cookie, never the credential. Each session has a CSRF token the console's
 * scripts send back in a header on every state-changing call.
 *
 * <p>Sessions live in this relay's memory: a restart signs everyone out, and behind a load balancer the console
 * needs sticky sessions (or a sign-in per relay). They end after {@link Settings#idle()} without use, and at
 * {@link Settings#lifetime()} whatever happens, so a token whose roles were withdrawn at the identity provider
 * stops working here by then. Only a SHA-256 digest of each id is kept, so a heap dump gives no usable cookie.
 */
public final class ConsoleSessions {

    /** How long sessions last and how many may be open at once (the oldest is dropped beyond it). */
    public record Settings(Duration idle, Duration lifetime, int max) {
        public static final Settings DEFAULTS = new Settings(Duration.ofMinutes(30), Duration.ofHours(8), 10_000);
    }

    /** One signed-in browser. The id is only in the answer that sets the cookie; the CSRF token is for the page. */
    public record Session(String id, String csrf, AdminPrincipal principal, Instant expires) {
    }

    private record Held(String csrf, AdminPrincipal principal, Instant created, Instant lastUse) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Settings settings;
    private final Clock clock;
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    public ConsoleSessions(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public Session open(AdminPrincipal principal) {
        Instant now = clock.instant();
        if (held.size() >= settings.max()) {
            forgetExpired(now);
            held.entrySet().stream().min(Map.Entry.comparingByValue(java.util.Comparator.comparing(Held::lastUse)))
                    .ifPresent(oldest -> held.remove(oldest.getKey()));
        }
        String id = random();
        Held session = new Held(random(), principal, now, now);
        held.put(digest(id), session);
        return new Session(id, session.csrf(), principal, expiry(session));
    }

    /** The live session with this id, its idle time restarted; empty when unknown or expired (then forgotten). */
    public Optional<Session> use(String id) {
        if (id == null || id.isEmpty() || id.length() > 100) {
            return Optional.empty();
        }
        String key = digest(id);
        Held session = held.get(key);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (!now.isBefore(expiry(session))) {
            held.remove(key);
            return Optional.empty();
        }
        Held used = new Held(session.csrf(), session.principal(), session.created(), now);
        held.replace(key, session, used);
        return Optional.of(new Session(id, used.csrf(), used.principal(), expiry(used)));
    }

    /** Whether the header's token is the session's own, compared in constant time. */
    public static boolean csrfMatches(Session session, String token) {
        return token != null && MessageDigest.isEqual(session.csrf().getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII));
    }

    public void close(String id) {
        if (id != null) {
            held.remove(digest(id));
        }
    }

    private Instant expiry(Held session) {
        Instant idleEnd = session.lastUse().plus(settings.idle());
        Instant end = session.created().plus(settings.lifetime());
        return idleEnd.isBefore(end) ? idleEnd : end;
    }

    private void forgetExpired(Instant now) {
        held.entrySet().removeIf(e -> !now.isBefore(expiry(e.getValue())));
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String digest(String id) {
        return ApiKeys.hash(id);
    }
}
