package dev.modelgate.shared.replay;

import dev.modelgate.shared.redis.RedisOutage;
import dev.modelgate.shared.redis.RedisState;
import dev.modelgate.shared.redis.SharedRedis;
import dev.modelgate.shared.redis.SharedStateUnavailableException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("services")
class RedisReplayGuardTest {

    static final String URL = System.getenv().getOrDefault("MODELGATE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0");

    static SharedRedis redis(String url) {
        return new SharedRedis(url, Duration.ofSeconds(2), Duration.ofMillis(200), Clock.systemUTC(), RedisState.IGNORE);
    }

    @Test
    void aDecisionUsedOnOneRelayIsRefusedOnAnotherAndAfterARestart() {
        String id = "test-" + UUID.randomUUID();
        long expires = Instant.now().getEpochSecond() + 30;
        try (SharedRedis a = redis(URL); SharedRedis b = redis(URL)) {
            assertThat(new RedisReplayGuard(a).firstUse(id, expires)).isTrue();
            assertThat(new RedisReplayGuard(b).firstUse(id, expires)).isFalse();
        }
        try (SharedRedis restarted = redis(URL)) {
            assertThat(new RedisReplayGuard(restarted).firstUse(id, expires)).isFalse();
            long ttl = restarted.call(r -> r.pttl(RedisReplayGuard.keyOf(id)));
            assertThat(ttl).isPositive().isLessThanOrEqualTo(31_000); // gone soon after the decision expires
        }
    }

    @Test
    void failsClosedWhenRedisCannotSay() throws Exception {
        try (RedisOutage outage = new RedisOutage(6379); SharedRedis r = redis(outage.url())) {
            outage.down();
            assertThatThrownBy(() -> new RedisReplayGuard(r).firstUse("test-" + UUID.randomUUID(), Instant.now().getEpochSecond() + 30))
                    .isInstanceOf(SharedStateUnavailableException.class);
        }
    }
}
