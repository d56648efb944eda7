package dev.modelgate.shared.limits;

import dev.modelgate.policy.limits.Admission;
import dev.modelgate.policy.limits.InProcessRateCounters;
import dev.modelgate.policy.limits.LimitCheck;
import dev.modelgate.policy.limits.LimitKind;
import dev.modelgate.policy.limits.RateCounters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared counters against the real Redis on 127.0.0.1:6379 ({@code MODELGATE_TEST_REDIS_URL} overrides):
 * same answers as the single-node counters, atomic across "nodes", and a clean failure when Redis is gone.
 */
@Tag("services")
class RedisRateCountersTest {

    static final String URL = System.getenv().getOrDefault("MODELGATE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0");
    static RedisRateCounters nodeA;
    static RedisRateCounters nodeB;

    @BeforeAll
    static void connect() {
        nodeA = new RedisRateCounters(URL, Duration.ofSeconds(2), Duration.ofSeconds(1), Clock.systemUTC());
        nodeB = new RedisRateCounters(URL, Duration.ofSeconds(2), Duration.ofSeconds(1), Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        nodeA.close();
        nodeB.close();
    }

    /** Fresh keys per test run: Redis outlives the test JVM. */
    static String key(String name) {
        return "test:" + UUID.randomUUID() + ":" + name;
    }

    @Test
    void limitsHoldAcrossNodesAndFreeUpAsTheWindowSlides() {
        String team = key("team");
        long t0 = 1_800_000_000_000L;
        for (int i = 0; i < 3; i++) {
            RateCounters node = i % 2 == 0 ? nodeA : nodeB;
            assertThat(node.tryAdmit(List.of(LimitCheck.requestsPerMinute(team, 3)), t0 + i * 1000).allowed()).isTrue();
        }
        Admission denied = nodeB.tryAdmit(List.of(LimitCheck.requestsPerMinute(team, 3)), t0 + 10_000);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.retryAfter()).isEqualTo(Duration.ofMillis(50_000)); // the first request leaves at t0 + 60 s
        assertThat(nodeA.tryAdmit(List.of(LimitCheck.requestsPerMinute(team, 3)), t0 + 60_000).allowed()).isTrue();
        assertThat(nodeA.usage(team, LimitKind.REQUESTS, Duration.ofMinutes(1), t0 + 60_000)).isEqualTo(3);
    }

    @Test
    void aDeniedAdmissionRecordsNothingAndTokenEstimatesAreCorrected() {
        String team = key("team");
        String alias = key("alias");
        long t0 = 1_800_000_100_000L;
        List<LimitCheck> checks = List.of(LimitCheck.requestsPerMinute(team, 100),
                LimitCheck.tokensPerMinute(alias, 1000, 900));
        Admission first = nodeA.tryAdmit(checks, t0);
        assertThat(first.allowed()).isTrue();
        Admission second = nodeB.tryAdmit(checks, t0 + 1);
        assertThat(second.allowed()).isFalse();
        assertThat(second.failed().kind()).isEqualTo(LimitKind.TOKENS);
        assertThat(second.retryable()).isTrue();
        assertThat(nodeA.usage(team, LimitKind.REQUESTS, Duration.ofMinutes(1), t0 + 2)).as("all or nothing").isEqualTo(1);

        nodeA.adjust(first.ticket(), 100, t0 + 2);
        assertThat(nodeA.usage(alias, LimitKind.TOKENS, Duration.ofMinutes(1), t0 + 3)).isEqualTo(100);
        assertThat(nodeB.tryAdmit(checks, t0 + 4).allowed()).isTrue();
    }

    @Test
    void givesTheSameAnswersAsTheSingleNodeCounters() {
        InProcessRateCounters local = new InProcessRateCounters();
        String prefix = key("same");
        Random random = new Random(42);
        long now = 1_800_000_200_000L;
        for (int i = 0; i < 400; i++) {
            now += random.nextInt(800);
            String k = prefix + ":" + random.nextInt(3);
            List<LimitCheck> checks = List.of(LimitCheck.requestsPerMinute(k, 20),
                    LimitCheck.tokensPerMinute(k + ":tok", 5000, random.nextInt(600)));
            Admission expected = local.tryAdmit(checks, now);
            Admission actual = nodeA.tryAdmit(checks, now);
            assertThat(actual.allowed()).as("request %d", i).isEqualTo(expected.allowed());
            if (!expected.allowed()) {
                assertThat(actual.failed()).isEqualTo(expected.failed());
                assertThat(actual.retryAfter()).isEqualTo(expected.retryAfter());
            }
        }
    }

    @Test
    void concurrentNodesNeverAdmitMoreThanTheLimit() throws Exception {
        String team = key("race");
        long now = 1_800_000_300_000L;
        AtomicInteger admitted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> tasks = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                RateCounters node = i % 2 == 0 ? nodeA : nodeB;
                tasks.add(pool.submit(() -> {
                    if (node.tryAdmit(List.of(LimitCheck.requestsPerMinute(team, 50)), now).allowed()) {
                        admitted.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : tasks) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(admitted.get()).isEqualTo(50);
    }

    @Test
    void anUnreachableRedisFailsFastAndBacksOff() {
        try (RedisRateCounters dead = new RedisRateCounters("redis://127.0.0.1:1/0", Duration.ofMillis(200),
                Duration.ofSeconds(30), Clock.systemUTC())) {
            List<LimitCheck> checks = List.of(LimitCheck.requestsPerMinute(key("dead"), 5));
            assertThatThrownBy(() -> dead.tryAdmit(checks, 1L)).isInstanceOf(CountersUnavailableException.class);
            assertThatThrownBy(() -> dead.tryAdmit(checks, 2L)).isInstanceOf(CountersUnavailableException.class)
                    .as("no new connection attempt during the backoff").hasMessageContaining("recent failure");
        }
    }
}
