package dev.modelgate.shared.budget;

import dev.modelgate.policy.budget.BudgetPeriod;
import dev.modelgate.policy.budget.BudgetWindow;
import dev.modelgate.policy.budget.Reservation;
import dev.modelgate.policy.budget.ReserveResult;
import dev.modelgate.shared.redis.RedisOutage;
import dev.modelgate.shared.redis.RedisState;
import dev.modelgate.shared.redis.SharedRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Shared budgets against the real Redis on 127.0.0.1:6379, three "relays" each with its own connection. */
@Tag("services")
class RedisBudgetLedgerTest {

    static final String URL = System.getenv().getOrDefault("MODELGATE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0");
    static final List<SharedRedis> connections = new ArrayList<>();

    static SharedRedis connect(String url) {
        SharedRedis r = new SharedRedis(url, Duration.ofSeconds(2), Duration.ofMillis(200), Clock.systemUTC(), RedisState.IGNORE);
        connections.add(r);
        return r;
    }

    @BeforeAll
    static void warm() {
        connect(URL);
    }

    @AfterAll
    static void close() {
        connections.forEach(SharedRedis::close);
    }

    static String team() {
        return "team:test-" + UUID.randomUUID();
    }

    static RedisBudgetLedger relay(SpendSource ledger, Duration lease) {
        return new RedisBudgetLedger(connect(URL), ledger, lease, 100);
    }

    @Test
    void threeRelaysTogetherNeverHoldMoreThanTheBudget() throws Exception {
        String team = team();
        List<RedisBudgetLedger> relays = List.of(relay((k, w) -> 0, Duration.ofMinutes(1)),
                relay((k, w) -> 0, Duration.ofMinutes(1)), relay((k, w) -> 0, Duration.ofMinutes(1)));
        Instant now = Instant.now();
        long limit = 5_000_000; // $5
        long estimate = 70_000;
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Future<ReserveResult>> results = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            RedisBudgetLedger relay = relays.get(i % 3);
            results.add(pool.submit(() -> relay.reserve(team, limit, BudgetPeriod.MONTHLY, ZoneOffset.UTC, estimate, now)));
        }
        long granted = 0;
        for (Future<ReserveResult> f : results) {
            if (f.get().granted()) {
                granted++;
            }
        }
        pool.shutdown();
        assertThat(granted).isEqualTo(limit / estimate); // 71: exactly as many as fit, whichever relay asked
        var status = relays.get(0).status(team, limit, BudgetPeriod.MONTHLY, ZoneOffset.UTC, now);
        assertThat(status.reservedMicros()).isEqualTo(granted * estimate);
    }

    @Test
    void settleChargesTheActualCostOnceAndReleaseGivesTheHoldBack() {
        String team = team();
        RedisBudgetLedger a = relay((k, w) -> 0, Duration.ofMinutes(1));
        RedisBudgetLedger b = relay((k, w) -> 0, Duration.ofMinutes(1));
        Instant now = Instant.now();
        Reservation r1 = (Reservation) a.reserve(team, 1_000, BudgetPeriod.DAILY, ZoneOffset.UTC, 400, now);
        Reservation r2 = (Reservation) a.reserve(team, 1_000, BudgetPeriod.DAILY, ZoneOffset.UTC, 400, now);
        assertThat(b.reserve(team, 1_000, BudgetPeriod.DAILY, ZoneOffset.UTC, 400, now).granted()).isFalse();
        assertThat(a.settle(r1, 300)).isTrue();
        assertThat(b.settle(r1, 300)).isFalse(); // a second settle (another relay, a retry) counts nothing
        assertThat(a.release(r2)).isTrue();
        var status = b.status(team, 1_000, BudgetPeriod.DAILY, ZoneOffset.UTC, now);
        assertThat(status.spentMicros()).isEqualTo(300);
        assertThat(status.reservedMicros()).isZero();
    }

    @Test
    void holdsOfADeadRelayExpireAndALateSettleStillCountsOnce() {
        String team = team();
        RedisBudgetLedger dying = relay((k, w) -> 0, Duration.ofMillis(1));
        RedisBudgetLedger alive = relay((k, w) -> 0, Duration.ofMinutes(1));
        Instant now = Instant.now();
        Reservation held = (Reservation) dying.reserve(team, 1_000, BudgetPeriod.DAILY, ZoneOffset.UTC, 900, now);
        // The 1 ms lease has run out by the next reservation's "now": the hold goes back.
        Instant later = now.plusSeconds(1);
        assertThat(alive.reserve(team, 1_000, BudgetPeriod.DAILY, ZoneOffset.UTC, 900, later).granted()).isTrue();
        assertThat(dying.settle(held, 50)).isTrue();
        assertThat(dying.settle(held, 50)).isFalse();
        assertThat(alive.status(team, 1_000, BudgetPeriod.DAILY, ZoneOffset.UTC, later).spentMicros()).isEqualTo(50);
    }

    @Test
    void anEmptiedRedisIsRebuiltFromTheLedgerNotReset() {
        String team = team();
        AtomicLong ledgerSpent = new AtomicLong(700);
        AtomicLong asked = new AtomicLong();
        RedisBudgetLedger relay = relay((k, w) -> {
            asked.incrementAndGet();
            return ledgerSpent.get();
        }, Duration.ofMinutes(1));
        Instant now = Instant.now();
        assertThat(relay.reserve(team, 1_000, BudgetPeriod.DAILY, ZoneOffset.UTC, 400, now).granted()).isFalse();
        assertThat(relay.reserve(team, 1_000, BudgetPeriod.DAILY, ZoneOffset.UTC, 300, now).granted()).isTrue();
        assertThat(asked).hasValue(1); // seeded once, then Redis answers alone

        BudgetWindow window = BudgetPeriod.DAILY.windowFor(now, ZoneOffset.UTC);
        String key = RedisBudgetLedger.keyOf(team, window);
        connections.get(0).call(r -> r.del(key, key + ":leases")); // what a restart without persistence leaves
        ledgerSpent.set(950);
        assertThat(relay.reserve(team, 1_000, BudgetPeriod.DAILY, ZoneOffset.UTC, 100, now).granted()).isFalse();
        assertThat(relay.status(team, 1_000, BudgetPeriod.DAILY, ZoneOffset.UTC, now).spentMicros()).isEqualTo(950);
        // A relay starting later does not overwrite the live window with its (older) ledger figure.
        relay.applySnapshot(team, window, 10);
        assertThat(relay.status(team, 1_000, BudgetPeriod.DAILY, ZoneOffset.UTC, now).spentMicros()).isEqualTo(950);
    }

    @Test
    void redisDownFailsClosedAndSettlementsWaitForIt() {
        RedisBudgetLedger dead = new RedisBudgetLedger(connect("redis://127.0.0.1:1/0"), (k, w) -> 0, Duration.ofMinutes(1), 2);
        Instant now = Instant.now();
        assertThatThrownBy(() -> dead.reserve(team(), 1_000, BudgetPeriod.DAILY, ZoneOffset.UTC, 1, now))
                .isInstanceOf(BudgetsUnavailableException.class);
        BudgetWindow window = BudgetPeriod.DAILY.windowFor(now, ZoneOffset.UTC);
        for (int i = 0; i < 3; i++) {
            assertThat(dead.settle(new Reservation(i, team(), window, 5), 5)).isFalse();
        }
        assertThat(dead.pendingSettlements()).isEqualTo(2); // bounded; the third is left to its lease
    }

    @Test
    void settlementsMadeDuringAnOutageLandOnceRedisAnswersAgain() throws Exception {
        String team = team();
        try (RedisOutage redis = new RedisOutage(6379)) {
            RedisBudgetLedger relay = new RedisBudgetLedger(connect(redis.url()), (k, w) -> 0, Duration.ofMinutes(1), 10);
            Instant now = Instant.now();
            Reservation r = (Reservation) relay.reserve(team, 1_000, BudgetPeriod.DAILY, ZoneOffset.UTC, 100, now);
            redis.down();
            assertThat(relay.settle(r, 80)).isFalse();
            assertThat(relay.pendingSettlements()).isEqualTo(1);
            assertThatThrownBy(() -> relay.reserve(team, 1_000, BudgetPeriod.DAILY, ZoneOffset.UTC, 1, now))
                    .isInstanceOf(BudgetsUnavailableException.class);
            redis.up();
            Thread.sleep(300); // past the back-off
            // the next reservation sends the waiting settlement first
            assertThat(relay.reserve(team, 1_000, BudgetPeriod.DAILY, ZoneOffset.UTC, 1, now).granted()).isTrue();
            assertThat(relay.pendingSettlements()).isZero();
            var status = relay.status(team, 1_000, BudgetPeriod.DAILY, ZoneOffset.UTC, now);
            assertThat(status.spentMicros()).isEqualTo(80);
            assertThat(status.reservedMicros()).isEqualTo(1);
        }
    }
}
