package dev.modelgate.relay.health;

import java.time.Duration;
import java.util.Map;

/** Breakers opened on other relays, and this relay's own openings for them (Redis's health board, when shared). */
public interface SharedHealth {

    /** A relay on its own: nothing is posted or read. */
    SharedHealth NONE = new SharedHealth() {
        @Override
        public void opened(String deployment, Duration wait) {
        }

        @Override
        public Map<String, Long> openNow() {
            return Map.of();
        }
    };

    /** This relay opened the deployment's breaker for {@code wait}. */
    void opened(String deployment, Duration wait);

    /** Deployments another relay (or this one) found down, with the epoch millisecond each posting ends. */
    Map<String, Long> openNow();
}
