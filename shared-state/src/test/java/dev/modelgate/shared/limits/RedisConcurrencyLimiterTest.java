package dev.modelgate.shared.limits;

import dev.modelgate.policy.limits.Permit;
import dev.modelgate.shared.redis.RedisOutage;
import dev.modelgate.shared.redis.RedisState;
import dev.modelgate.shared.redis.SharedRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Concurrency caps across relays against the real Redis, with leases that free a dead relay's slots. */
@Tag("services")
class RedisConcurrencyLimiterTest {

    static final String URL = System.getenv().getOrDefault("MODELGATE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0");

    static SharedRedis redis(String url) {
        return new SharedRedis(url, Duration.ofSeconds(2), Duration.ofMillis(200), Clock.systemUTC(), RedisState.IGNORE);
    }

    @Test
    void theCapHoldsAcrossRelaysAndAClosedPermitFreesItsSlot() {
        String team = "team:test-" + UUID.randomUUID();
        try (SharedRedis a = redis(URL); SharedRedis b = redis(URL)) {
            var relayA = new RedisConcurrencyLimiter(a, Duration.ofMinutes(1), Clock.systemUTC());
            var relayB = new RedisConcurrencyLimiter(b, Duration.ofMinutes(1), Clock.systemUTC());
            Optional<Permit> first = relayA.tryEnter(team, 2);
            Optional<Permit> second = relayB.tryEnter(team, 2);
            assertThat(first).isPresent();
            assertThat(second).isPresent();
            assertThat(relayA.tryEnter(team, 2)).isEmpty();
            assertThat(relayB.inFlight(team)).isEqualTo(2);
            first.get().close();
            first.get().close(); // twice frees once
            assertThat(relayA.inFlight(team)).isEqualTo(1);
            assertThat(relayB.tryEnter(team, 2)).isPresent();
            assertThat(relayA.tryEnter(team, 2)).isEmpty();
        }
    }

    @Test
    void aDeadRelaysSlotsComeBackWhenTheirLeasesRunOut() {
        String team = "team:test-" + UUID.randomUUID();
        Instant t0 = Instant.now();
        try (SharedRedis a = redis(URL); SharedRedis b = redis(URL)) {
            var dying = new RedisConcurrencyLimiter(a, Duration.ofSeconds(30), Clock.fixed(t0, ZoneOffset.UTC));
            assertThat(dying.tryEnter(team, 1)).isPresent(); // never closed: its relay "died"
            var before = new RedisConcurrencyLimiter(b, Duration.ofSeconds(30), Clock.fixed(t0.plusSeconds(29), ZoneOffset.UTC));
            assertThat(before.tryEnter(team, 1)).isEmpty();
            var after = new RedisConcurrencyLimiter(b, Duration.ofSeconds(30), Clock.fixed(t0.plusSeconds(31), ZoneOffset.UTC));
            assertThat(after.tryEnter(team, 1)).isPresent();
        }
    }

    @Test
    void redisDownIsCountersUnavailable() throws Exception {
        try (RedisOutage outage = new RedisOutage(6379); SharedRedis r = redis(outage.url())) {
            var limiter = new RedisConcurrencyLimiter(r, Duration.ofMinutes(1), Clock.systemUTC());
            Permit held = limiter.tryEnter("team:test-" + UUID.randomUUID(), 1).orElseThrow();
            outage.down();
            held.close(); // cannot reach Redis: left to its lease, never an error for a finished request
            assertThatThrownBy(() -> limiter.tryEnter("team:x", 1)).isInstanceOf(CountersUnavailableException.class);
        }
    }
}
