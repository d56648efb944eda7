package dev.modelgate.relay.health;

import dev.modelgate.policy.model.Resilience;
import dev.modelgate.policy.routing.CircuitState;
import dev.modelgate.policy.routing.LiveStats;
import dev.modelgate.shared.health.RedisHealthBoard;
import dev.modelgate.shared.redis.RedisState;
import dev.modelgate.shared.redis.SharedRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two relays on the real Redis: a breaker that opens on one is opened on the other at its next read of the health
 * board, without the other's own failed calls; each then waits and tries the deployment again on its own.
 */
@Tag("services")
class SharedBreakersTest {

    static final String URL = System.getenv().getOrDefault("MODELGATE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0");
    /** Opens at half of at least 4 calls; half-open after 300 ms; two trial calls. */
    private static final Resilience QUICK = new Resilience(1000, 0, new BigDecimal("0.5"), 4, 300, 10_000, 2);

    private static SharedRedis redis() {
        return new SharedRedis(URL, Duration.ofSeconds(2), Duration.ofMillis(200), Clock.systemUTC(), RedisState.IGNORE);
    }

    private static SharedHealth board(SharedRedis redis) {
        return new BoardHealth(new RedisHealthBoard(redis, Clock.systemUTC()));
    }

    @Test
    void aBreakerOpenedOnOneRelayOpensOnTheOtherAndEachRecoversOnItsOwn() throws Exception {
        String deployment = "shared-" + UUID.randomUUID() + "/m";
        try (SharedRedis a = redis(); SharedRedis b = redis()) {
            Breakers relayA = new Breakers(new LiveStats(), Clock.systemUTC(), board(a));
            Breakers relayB = new Breakers(new LiveStats(), Clock.systemUTC(), board(b));
            relayB.record(deployment, QUICK, Outcome.SUCCESS, 10); // B has served it: its breaker is closed

            assertThat(relayB.adoptShared()).as("nothing posted yet").isZero();
            for (int i = 0; i < 4; i++) {
                relayA.record(deployment, QUICK, Outcome.FAILURE, 10);
            }
            assertThat(relayA.state(deployment)).isEqualTo(CircuitState.OPEN);
            a.call(r -> r.ping()); // A's post went out before this

            assertThat(relayB.adoptShared()).isEqualTo(1);
            assertThat(relayB.state(deployment)).as("open on B without a failed call of its own").isEqualTo(CircuitState.OPEN);
            assertThat(relayB.tryAcquire(deployment, QUICK)).isFalse();
            assertThat(relayB.adoptShared()).as("already open: nothing to do").isZero();

            // B waits its own 300 ms and tries the deployment again, as A does.
            for (int i = 0; i < 200 && relayB.state(deployment) != CircuitState.HALF_OPEN; i++) {
                Thread.sleep(25);
            }
            assertThat(relayB.state(deployment)).isEqualTo(CircuitState.HALF_OPEN);
            assertThat(relayB.tryAcquire(deployment, QUICK)).isTrue();
        }
    }

    @Test
    void aRelayOnItsOwnPostsNothing() {
        Breakers alone = new Breakers(new LiveStats(), Clock.systemUTC());
        for (int i = 0; i < 4; i++) {
            alone.record("p/m", QUICK, Outcome.FAILURE, 10);
        }
        assertThat(alone.state("p/m")).isEqualTo(CircuitState.OPEN);
        assertThat(alone.adoptShared()).isZero();
    }
}
