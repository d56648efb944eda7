package dev.modelgate.relay.auth;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The relay's one {@link LoginThrottle} for admin sign-ins, configured as {@link ThrottleSettings} says. */
@ApplicationScoped
public class AdminThrottle {

    @Inject
    @ConfigProperty(name = "modelgate.admin.throttle.free", defaultValue = "5")
    int free;

    @Inject
    @ConfigProperty(name = "modelgate.admin.throttle.base.millis", defaultValue = "1000")
    long baseMillis;

    @Inject
    @ConfigProperty(name = "modelgate.admin.throttle.max.seconds", defaultValue = "300")
    long maxSeconds;

    @Inject
    @ConfigProperty(name = "modelgate.admin.throttle.forget.seconds", defaultValue = "900")
    long forgetSeconds;

    @Inject
    @ConfigProperty(name = "modelgate.admin.throttle.entries", defaultValue = "100000")
    long entries;

    private LoginThrottle throttle;

    @PostConstruct
    void load() {
        throttle = new LoginThrottle(new ThrottleSettings(free, Duration.ofMillis(baseMillis), Duration.ofSeconds(maxSeconds),
                Duration.ofSeconds(forgetSeconds), entries), Clock.systemUTC());
    }

    public Optional<Duration> waitFor(String address, String account) {
        return throttle.waitFor(address, account);
    }

    public void failed(String address, String account) {
        throttle.failed(address, account);
    }
}
