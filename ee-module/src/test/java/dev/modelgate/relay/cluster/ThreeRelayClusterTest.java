package dev.modelgate.relay.cluster;

import dev.modelgate.policy.decision.RoutingDecision;
import dev.modelgate.policy.eval.Caller;
import dev.modelgate.policy.eval.CompiledPolicy;
import dev.modelgate.policy.load.EnvInterpolator;
import dev.modelgate.policy.load.PolicyLoader;
import dev.modelgate.policy.load.PolicySource;
import dev.modelgate.policy.request.Endpoint;
import dev.modelgate.policy.request.ParsedRequest;
import dev.modelgate.policy.request.RequestLimits;
import dev.modelgate.policy.request.RequestParser;
import dev.modelgate.shared.redis.RedisOutage;
import dev.modelgate.shared.redis.RedisState;
import dev.modelgate.shared.redis.SharedRedis;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three relays on one machine sharing the real Redis (127.0.0.1:6379) and the real PostgreSQL (127.0.0.1:5432,
 * a schema of its own migrated by the relay's Flyway migrations). Each relay is an independent instance in this
 * JVM with its own Redis connection, evaluator, replay guard and database connections: the relays' shared-state
 * services, not three Liberty servers (too heavy for the CI machine's two cores next to the other suites).
 */
@Tag("services")
class ThreeRelayClusterTest {

    static final String REDIS = System.getenv().getOrDefault("MODELGATE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0");
    static final String RUN = Long.toString(System.currentTimeMillis(), 36) + UUID.randomUUID().toString().substring(0, 6);
    static final String SCHEMA = "mg_cluster_" + RUN;
    static PGSimpleDataSource db;
    static CompiledPolicy policy;
    static RequestParser parser;

    @BeforeAll
    static void setUp() throws Exception {
        db = new PGSimpleDataSource();
        db.setUrl("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + SCHEMA);
        db.setUser("postgres");
        Flyway.configure().dataSource(db).locations("classpath:db/migration").schemas(SCHEMA).defaultSchema(SCHEMA)
                .createSchemas(true).load().migrate();
        // Team names are new each run: Redis outlives the test, and a monthly budget would carry over.
        String yaml = """
                version: 1
                providers:
                  sim: { type: simulated, base_url: http://127.0.0.1:9/v1 }
                models:
                  chat:
                    candidates:
                      - { provider: sim, model: sim-chat, price: { input_per_mtok: 1000, output_per_mtok: 2000 } }
                teams:
                  budgeted-RUN: { consumers: [budgeted-app-RUN], budget: { amount_usd: 5, period: monthly } }
                  alone-RUN: { consumers: [alone-app-RUN], budget: { amount_usd: 5, period: monthly } }
                  limited-RUN: { consumers: [limited-app-RUN], limits: { rpm: 600 } }
                  restarted-RUN: { consumers: [restarted-app-RUN], budget: { amount_usd: 100000, period: monthly } }
                """.replace("RUN", RUN);
        policy = CompiledPolicy.of(new PolicyLoader(EnvInterpolator.system())
                .load(List.of(new PolicySource("cluster-policy.yaml", yaml.getBytes(StandardCharsets.UTF_8)))));
        parser = new RequestParser(RequestLimits.withMaxBody(1 << 20));
    }

    @AfterAll
    static void dropSchema() throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
        }
    }

    static ParsedRequest chat(int maxTokens) throws Exception {
        return parser.parse(Endpoint.CHAT_COMPLETIONS, "application/json", ("{\"model\":\"chat\",\"max_tokens\":" + maxTokens
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}").getBytes(StandardCharsets.UTF_8));
    }

    static List<ClusterRelay> threeRelays(String redisUrl) {
        return List.of(new ClusterRelay(redisUrl, db, policy), new ClusterRelay(redisUrl, db, policy), new ClusterRelay(redisUrl, db, policy));
    }

    record Load(List<ClusterRelay.Served> served, long ledgerMicros, long ledgerRows) {
        @Override
        public String toString() {
            return "served " + count(ClusterRelay.Outcome.SERVED) + ", refused " + count(ClusterRelay.Outcome.REFUSED)
                    + ", unavailable " + count(ClusterRelay.Outcome.UNAVAILABLE) + ", ledger " + ledgerMicros + " micro-USD in " + ledgerRows + " rows";
        }

        long count(ClusterRelay.Outcome outcome) {
            return served.stream().filter(s -> s.outcome() == outcome).count();
        }

        long overshootBound() {
            // what the requests admitted cost beyond their reservations: the bound one relay has too
            return served.stream().mapToLong(s -> Math.max(0, s.costMicros() - s.reservedMicros())).sum();
        }
    }

    /** {@code n} requests of one team at once, spread round-robin over the relays, all released together. */
    static Load load(List<ClusterRelay> relays, String team, int n, int maxTokens) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(30);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ClusterRelay.Served>> futures = new ArrayList<>();
        ParsedRequest request = chat(maxTokens);
        Caller caller = new Caller(team.replace(RUN, "app-" + RUN), null, Map.of());
        for (int i = 0; i < n; i++) {
            ClusterRelay relay = relays.get(i % relays.size());
            String id = team + "-" + i;
            futures.add(pool.submit(() -> {
                start.await();
                return relay.serve(id, caller, request);
            }));
        }
        start.countDown();
        List<ClusterRelay.Served> served = new ArrayList<>();
        for (Future<ClusterRelay.Served> f : futures) {
            served.add(f.get());
        }
        pool.shutdown();
        return new Load(served, ledgerSum(team), ledgerRows(team));
    }

    static long ledgerSum(String team) throws Exception {
        return ClusterRelay.spentSince(db, "team:" + team, Instant.EPOCH);
    }

    static long ledgerRows(String team) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*), count(DISTINCT request_id) FROM usage_event WHERE team = '" + team + "'")) {
            r.next();
            assertThat(r.getLong(1)).as("one row per request id").isEqualTo(r.getLong(2));
            return r.getLong(1);
        }
    }

    /** Waits (at most two minutes: the CI machine may be loaded) until {@code value} reaches {@code least}. */
    static void awaitAtLeast(java.util.function.IntSupplier value, int least) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (value.getAsInt() < least) {
            assertThat(System.nanoTime()).as("waiting for " + least + ", at " + value.getAsInt()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void threeHundredRequestsOverThreeRelaysDoNotOverspendAFiveDollarBudget() throws Exception {
        String team = "budgeted-" + RUN;
        List<ClusterRelay> relays = threeRelays(REDIS);
        try {
            Load load = load(relays, team, 300, 100);
            long limit = 5_000_000;
            long reservation = load.served().stream().mapToLong(ClusterRelay.Served::reservedMicros).max().orElseThrow();
            assertThat(load.count(ClusterRelay.Outcome.SERVED)).as("some served, most refused: " + load).isBetween(2L, 299L);
            // The ledger is the truth: spend never passes the cap by more than what admitted requests cost above their holds.
            assertThat(load.ledgerMicros()).isLessThanOrEqualTo(limit + load.overshootBound());
            assertThat(load.ledgerRows()).isEqualTo(load.count(ClusterRelay.Outcome.SERVED));
            // ... and the cap is used, not left idle: holds are given back, not leaked. How much the burst leaves
            // unspent depends on how many holds were in flight when its last request was refused (they settle lower
            // than their upper-bound estimates), so it is timing-dependent. What is not: once the burst has passed,
            // requests sent one at a time, round the relays, are served until the budget has less than one
            // reservation left, and no sooner.
            ParsedRequest request = chat(100);
            Caller caller = new Caller("budgeted-app-" + RUN, null, Map.of());
            long servedAfter = 0;
            for (int i = 0; ; i++) {
                assertThat(i).as("the budget runs out within 30 sequential requests").isLessThan(30);
                // The previous request's settle, sent by another relay, lands first (a client's next request through
                // another relay can overtake it by a round trip, which is not what this test measures).
                relays.forEach(ClusterRelay::awaitEnds);
                ClusterRelay.Served s = relays.get(i % 3).serve(team + "-after-" + i, caller, request);
                if (s.outcome() != ClusterRelay.Outcome.SERVED) {
                    assertThat(s.outcome()).isEqualTo(ClusterRelay.Outcome.REFUSED);
                    break;
                }
                servedAfter++;
            }
            relays.forEach(ClusterRelay::awaitEnds);
            long spent = ledgerSum(team);
            assertThat(limit - spent).as("left unspent once no hold is in flight").isLessThan(reservation);
            assertThat(ledgerRows(team)).isEqualTo(load.count(ClusterRelay.Outcome.SERVED) + servedAfter);
            assertThat(relays.get(2).status(team).spentMicros()).as("Redis agrees with the ledger").isEqualTo(spent);
            assertThat(relays.get(1).status(team).reservedMicros()).isZero();
        } finally {
            relays.forEach(ClusterRelay::close);
        }
    }

    /** The same load on three relays that share nothing: each spends the whole budget, which is the bug sharing fixes. */
    @Test
    void withoutSharingTheSameLoadSpendsAboutThreeTimesTheBudget() throws Exception {
        String team = "alone-" + RUN;
        List<ClusterRelay> relays = List.of(ClusterRelay.alone(db, policy), ClusterRelay.alone(db, policy), ClusterRelay.alone(db, policy));
        Load load = load(relays, team, 300, 100);
        assertThat(load.ledgerMicros()).isGreaterThan(2 * 5_000_000 + load.overshootBound());
    }

    @Test
    void anRpmLimitOf600HoldsWithinOnePercentAcrossThreeRelays() throws Exception {
        String team = "limited-" + RUN;
        List<ClusterRelay> relays = threeRelays(REDIS);
        try {
            Load load = load(relays, team, 900, 10);
            assertThat(load.count(ClusterRelay.Outcome.SERVED)).as(load.toString()).isBetween(594L, 606L);
            assertThat(load.count(ClusterRelay.Outcome.REFUSED)).as(load.toString()).isEqualTo(900 - load.count(ClusterRelay.Outcome.SERVED));
        } finally {
            relays.forEach(ClusterRelay::close);
        }
    }

    @Test
    void aDecisionUsedOnRelayAIsRefusedOnRelayBAndOnAAfterARestart() {
        ClusterRelay a = new ClusterRelay(REDIS, db, policy);
        long now = Instant.now().getEpochSecond();
        RoutingDecision decision = new RoutingDecision("cluster-" + RUN + "-decision", "budgeted-" + RUN, null, "chat",
                List.of("sim/sim-chat"), List.of(), "hash", "body", 10, 100, now + 300, now);
        try (ClusterRelay b = new ClusterRelay(REDIS, db, policy)) {
            assertThat(a.replays().firstUse(decision, now)).isTrue();
            assertThat(b.replays().firstUse(decision, now)).isFalse();
        } finally {
            a.close();
        }
        try (ClusterRelay restartedA = new ClusterRelay(REDIS, db, policy)) {
            assertThat(restartedA.replays().firstUse(decision, now)).isFalse();
        }
        // What a relay that shares nothing did before: after its restart the used decision was accepted again.
        assertThat(ClusterRelay.alone(db, policy).replays().firstUse(decision, now)).isTrue();
    }

    /**
     * Redis goes down mid-load and comes back empty (a restart without persistence). Requests during the outage
     * are refused (budgets fail closed) and never billed; every served request is in the ledger exactly once,
     * also when its event is written again; and the budget comes back from the ledger, not from zero.
     */
    @Test
    void redisRestartedEmptyMidLoadBillsNoRequestTwiceAndNoneNotAtAll() throws Exception {
        String team = "restarted-" + RUN;
        try (RedisOutage redis = new RedisOutage(6379);
             SharedRedis admin = new SharedRedis(REDIS, Duration.ofSeconds(2), Duration.ofMillis(100), Clock.systemUTC(), RedisState.IGNORE)) {
            List<ClusterRelay> relays = threeRelays(redis.url());
            ParsedRequest request = chat(50);
            Caller caller = new Caller("restarted-app-" + RUN, null, Map.of());
            Set<String> served = ConcurrentHashMap.newKeySet();
            AtomicLong servedMicros = new AtomicLong();
            AtomicLong maxCost = new AtomicLong();
            AtomicInteger unavailable = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(12);
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 12; w++) {
                ClusterRelay relay = relays.get(w % 3);
                workers.add(pool.submit(() -> {
                    while (!stop.get()) {
                        String id = team + "-" + next.incrementAndGet();
                        ClusterRelay.Served s = relay.serve(id, caller, request);
                        if (s.outcome() == ClusterRelay.Outcome.SERVED) {
                            served.add(id);
                            servedMicros.addAndGet(s.costMicros());
                            maxCost.accumulateAndGet(s.costMicros(), Math::max);
                        } else if (s.outcome() == ClusterRelay.Outcome.UNAVAILABLE) {
                            unavailable.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            awaitAtLeast(served::size, 30);
            int inFlightBound = 12; // workers: at most one request each is in flight across the restart
            redis.down();
            // What Redis holds after a restart without persistence: nothing of this team.
            List<String> keys = admin.call(r -> r.keys("{modelgate}:budget:team:" + team + ":*"));
            assertThat(keys).isNotEmpty();
            admin.call(r -> r.del(keys.toArray(String[]::new)));
            awaitAtLeast(unavailable::get, 10);
            int before = served.size();
            redis.up();
            awaitAtLeast(served::size, before + 30);
            stop.set(true);
            for (Future<?> f : workers) {
                f.get();
            }
            pool.shutdown();

            assertThat(unavailable.get()).as("refused while Redis was down").isPositive();
            assertThat(ledgerRows(team)).isEqualTo(served.size());
            assertThat(ledgerSum(team)).isEqualTo(servedMicros.get());
            // A relay that writes its events again (a retried flush) bills nothing twice.
            for (String id : served) {
                assertThat(relays.get(0).record(id, team, 1)).isFalse();
            }
            assertThat(ledgerRows(team)).isEqualTo(served.size());
            // The budget was rebuilt from the ledger when Redis came back: spend is not reset. Requests that were in
            // flight across the restart and wrote their event after the rebuild are the only ones it can miss.
            relays.forEach(ClusterRelay::awaitEnds);
            long redisSpent = relays.get(1).status(team).spentMicros();
            long reservation = maxCost.get();
            assertThat(redisSpent).isLessThanOrEqualTo(ledgerSum(team)).isGreaterThan(ledgerSum(team) - inFlightBound * reservation);
            relays.forEach(ClusterRelay::close);
        }
    }
}
