package dev.modelgate.shared.health;

import dev.modelgate.shared.redis.RedisOutage;
import dev.modelgate.shared.redis.RedisState;
import dev.modelgate.shared.redis.SharedRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("services")
class RedisHealthBoardTest {

    static final String URL = System.getenv().getOrDefault("MODELGATE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0");

    static SharedRedis redis(String url) {
        return new SharedRedis(url, Duration.ofSeconds(2), Duration.ofMillis(200), Clock.systemUTC(), RedisState.IGNORE);
    }

    @Test
    void aDeploymentOneRelayPostsAsDownIsSeenByAnotherUntilItsWaitEnds() throws Exception {
        String deployment = "test-" + UUID.randomUUID() + "/m";
        try (SharedRedis a = redis(URL); SharedRedis b = redis(URL)) {
            new RedisHealthBoard(a, Clock.systemUTC()).opened(deployment, Duration.ofSeconds(30));
            a.call(r -> r.ping()); // the post is sent, not waited for: this one goes after it

            long until = new RedisHealthBoard(b, Clock.systemUTC()).openNow().get(deployment);
            assertThat(until).isBetween(System.currentTimeMillis() + 25_000, System.currentTimeMillis() + 31_000);

            // Seen a minute later, the posting has ended: not reported, and removed from the board.
            Clock later = Clock.fixed(Instant.now().plusSeconds(60), ZoneOffset.UTC);
            assertThat(new RedisHealthBoard(b, later).openNow()).doesNotContainKey(deployment);
            b.call(r -> r.ping());
            boolean left = b.call(r -> r.hexists(RedisHealthBoard.KEY, deployment));
            assertThat(left).isFalse();
        }
    }

    @Test
    void withRedisDownNothingIsPostedOrReportedAndNothingFails() throws Exception {
        try (RedisOutage outage = new RedisOutage(6379); SharedRedis r = redis(outage.url())) {
            outage.down();
            RedisHealthBoard board = new RedisHealthBoard(r, Clock.systemUTC());
            board.opened("sim/down", Duration.ofSeconds(30));
            assertThat(board.openNow()).isEmpty();
        }
    }
}
