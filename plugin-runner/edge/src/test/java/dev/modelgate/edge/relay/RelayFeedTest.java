package dev.modelgate.edge.relay;

import com.sun.net.httpserver.HttpServer;
import dev.modelgate.edge.budget.BudgetSnapshots;
import dev.modelgate.edge.health.HealthFeed;
import dev.modelgate.policy.budget.BudgetPeriod;
import dev.modelgate.policy.budget.BudgetStatus;
import dev.modelgate.policy.budget.InProcessBudgetLedger;
import dev.modelgate.policy.budget.Reservation;
import dev.modelgate.policy.routing.CircuitState;
import dev.modelgate.policy.routing.LiveStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The relay's feeds read from a real local HTTP server playing the relay's admin endpoints. */
class RelayFeedTest {

    HttpServer relay;
    final AtomicReference<String> budgets = new AtomicReference<>();
    final AtomicInteger status = new AtomicInteger(200);
    final AtomicReference<String> seenAuthorization = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        relay = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        relay.createContext("/admin/budgets", exchange -> {
            seenAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = budgets.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        relay.createContext("/admin/providers/health", exchange -> {
            byte[] body = "{\"deployments\":{\"sim/a\":{\"ewma_latency_ms\":12.5,\"error_rate\":0.25,\"circuit\":\"open\"}}}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        relay.start();
    }

    @AfterEach
    void stop() {
        relay.stop(0);
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + relay.getAddress().getPort());
    }

    @Test
    void aSnapshotMakesTheNodeRefuseWhatTheRelayHasAlreadySpent() {
        Instant now = Instant.now();
        var window = BudgetPeriod.DAILY.windowFor(now, ZoneOffset.UTC);
        budgets.set("{\"budgets\":[{\"scope\":\"team:search\",\"window_start\":" + window.start().getEpochSecond()
                + ",\"window_end\":" + window.end().getEpochSecond() + ",\"spent_micros\":900,\"reserved_micros\":50},"
                + "{\"scope\":\"team:future-format\",\"window_start\":\"soon\"}]}");
        InProcessBudgetLedger ledger = new InProcessBudgetLedger();
        try (RelayFeed feed = new RelayFeed(base(), BudgetSnapshots.PATH, "sk-edge", Duration.ofHours(1), new BudgetSnapshots(ledger))) {
            assertThat(feed.pollOnce()).isTrue();
        }
        assertThat(seenAuthorization.get()).isEqualTo("Bearer sk-edge");
        BudgetStatus s = ledger.status("team:search", 1000, BudgetPeriod.DAILY, ZoneOffset.UTC, now);
        assertThat(s.spentMicros()).as("settled plus in flight at the relay").isEqualTo(950);
        assertThat(ledger.reserve("team:search", 1000, BudgetPeriod.DAILY, ZoneOffset.UTC, 100, now))
                .as("only 50 left: refused at the edge").isNotInstanceOf(Reservation.class);
        assertThat(ledger.reserve("team:search", 1000, BudgetPeriod.DAILY, ZoneOffset.UTC, 50, now)).isInstanceOf(Reservation.class);
    }

    @Test
    void aFailingFeedKeepsTheLastDataAndRecovers() {
        Instant now = Instant.now();
        var window = BudgetPeriod.DAILY.windowFor(now, ZoneOffset.UTC);
        budgets.set("{\"budgets\":[{\"scope\":\"key:k\",\"window_start\":" + window.start().getEpochSecond()
                + ",\"window_end\":" + window.end().getEpochSecond() + ",\"spent_micros\":400,\"reserved_micros\":0}]}");
        InProcessBudgetLedger ledger = new InProcessBudgetLedger();
        try (RelayFeed feed = new RelayFeed(base(), BudgetSnapshots.PATH, "sk-edge", Duration.ofHours(1), new BudgetSnapshots(ledger))) {
            assertThat(feed.pollOnce()).isTrue();
            status.set(503);
            assertThat(feed.pollOnce()).isFalse();
            budgets.set("not json");
            status.set(200);
            assertThat(feed.pollOnce()).isFalse();
            assertThat(ledger.status("key:k", 1000, BudgetPeriod.DAILY, ZoneOffset.UTC, now).spentMicros()).isEqualTo(400);
        }
    }

    @Test
    void healthFeedReachesRouting() {
        LiveStats stats = new LiveStats();
        try (RelayFeed feed = new RelayFeed(base(), HealthFeed.PATH, "sk-edge", Duration.ofHours(1), new HealthFeed(stats))) {
            assertThat(feed.pollOnce()).isTrue();
        }
        var h = stats.snapshot().get("sim/a");
        assertThat(h.ewmaLatencyMicros()).isEqualTo(12_500);
        assertThat(h.errorRatePermille()).isEqualTo(250);
        assertThat(h.circuit()).isEqualTo(CircuitState.OPEN);
    }
}
