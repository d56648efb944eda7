package dev.modelgate.relay.auth;

import dev.modelgate.relay.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleSessionsTest {

    private static final AdminPrincipal FINANCE = AdminPrincipal.of("finance", AdminRole.FINANCE, "password");

    private final MutableClock clock = new MutableClock();
    private final ConsoleSessions sessions = new ConsoleSessions(
            new ConsoleSessions.Settings(Duration.ofMinutes(30), Duration.ofHours(8), 3), clock);

    @Test
    void aSessionIsFoundByItsIdOnlyAndCarriesThePrincipal() {
        ConsoleSessions.Session opened = sessions.open(FINANCE);
        assertThat(opened.id()).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(opened.csrf());
        assertThat(sessions.use(opened.id())).hasValueSatisfying(s -> assertThat(s.principal()).isEqualTo(FINANCE));
        assertThat(sessions.use(opened.id() + "x")).isEmpty();
        assertThat(sessions.use(opened.csrf())).as("the CSRF token is no session id").isEmpty();
        assertThat(sessions.use(null)).isEmpty();
        assertThat(sessions.open(FINANCE).id()).as("every session its own id").isNotEqualTo(opened.id());
    }

    @Test
    void useKeepsASessionAliveUntilItsLifetimeEnds() {
        String id = sessions.open(FINANCE).id();
        for (int i = 0; i < 15; i++) {
            clock.advance(Duration.ofMinutes(29));
            assertThat(sessions.use(id)).as("used after %d x 29 minutes", i + 1).isPresent();
        }
        clock.advance(Duration.ofMinutes(29)); // 16 x 29 min = 7 h 44 min
        assertThat(sessions.use(id)).isPresent();
        clock.advance(Duration.ofMinutes(16)); // 8 h: the lifetime is over, however busy the session was
        assertThat(sessions.use(id)).isEmpty();
    }

    @Test
    void anIdleSessionEnds() {
        String id = sessions.open(FINANCE).id();
        clock.advance(Duration.ofMinutes(30));
        assertThat(sessions.use(id)).isEmpty();
        clock.advance(Duration.ofMinutes(-1));
        assertThat(sessions.use(id)).as("forgotten once found expired").isEmpty();
    }

    @Test
    void signingOutEndsTheSession() {
        String id = sessions.open(FINANCE).id();
        sessions.close(id);
        assertThat(sessions.use(id)).isEmpty();
    }

    @Test
    void beyondTheMaximumTheLeastRecentlyUsedSessionIsDropped() {
        String first = sessions.open(FINANCE).id();
        clock.advance(Duration.ofSeconds(1));
        String second = sessions.open(FINANCE).id();
        clock.advance(Duration.ofSeconds(1));
        String third = sessions.open(FINANCE).id();
        clock.advance(Duration.ofSeconds(1));
        sessions.use(first);
        String fourth = sessions.open(FINANCE).id();
        assertThat(sessions.use(second)).isEmpty();
        assertThat(sessions.use(first)).isPresent();
        assertThat(sessions.use(third)).isPresent();
        assertThat(sessions.use(fourth)).isPresent();
    }

    @Test
    void theCsrfTokenMustMatchExactly() {
        ConsoleSessions.Session s = sessions.open(FINANCE);
        assertThat(ConsoleSessions.csrfMatches(s, s.csrf())).isTrue();
        assertThat(ConsoleSessions.csrfMatches(s, s.csrf().substring(1))).isFalse();
        assertThat(ConsoleSessions.csrfMatches(s, null)).isFalse();
        assertThat(ConsoleSessions.csrfMatches(s, "")).isFalse();
    }
}
