package dev.modelgate.relay.health;

import dev.modelgate.shared.health.RedisHealthBoard;

import java.time.Duration;
import java.util.Map;

/** Redis's health board as this package's port. */
record BoardHealth(RedisHealthBoard board) implements SharedHealth {

    @Override
    public void opened(String deployment, Duration wait) {
        board.opened(deployment, wait);
    }

    @Override
    public Map<String, Long> openNow() {
        return board.openNow();
    }
}
