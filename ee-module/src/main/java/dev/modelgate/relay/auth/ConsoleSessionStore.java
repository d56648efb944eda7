package dev.modelgate.relay.auth;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The relay's one {@link ConsoleSessions}, configured by {@code modelgate.console.session.idle.minutes} (30),
 * {@code modelgate.console.session.lifetime.minutes} (480) and {@code modelgate.console.session.max} (10,000).
 */
@ApplicationScoped
public class ConsoleSessionStore {

    @Inject
    @ConfigProperty(name = "modelgate.console.session.idle.minutes", defaultValue = "30")
    long idleMinutes;

    @Inject
    @ConfigProperty(name = "modelgate.console.session.lifetime.minutes", defaultValue = "480")
    long lifetimeMinutes;

    @Inject
    @ConfigProperty(name = "modelgate.console.session.max", defaultValue = "10000")
    int max;

    private ConsoleSessions sessions;

    @PostConstruct
    void load() {
        sessions = new ConsoleSessions(new ConsoleSessions.Settings(Duration.ofMinutes(idleMinutes), Duration.ofMinutes(lifetimeMinutes),
                Math.max(1, max)), Clock.systemUTC());
    }

    public ConsoleSessions.Session open(AdminPrincipal principal) {
        return sessions.open(principal);
    }

    public Optional<ConsoleSessions.Session> use(String id) {
        return sessions.use(id);
    }

    public void close(String id) {
        sessions.close(id);
    }
}
