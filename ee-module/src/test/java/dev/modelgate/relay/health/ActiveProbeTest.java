package dev.modelgate.relay.health;

import com.sun.net.httpserver.HttpServer;
import dev.modelgate.policy.load.EnvInterpolator;
import dev.modelgate.policy.load.PolicyLoader;
import dev.modelgate.policy.load.PolicySource;
import dev.modelgate.policy.model.Policy;
import dev.modelgate.policy.routing.CircuitState;
import dev.modelgate.policy.routing.LiveStats;
import dev.modelgate.relay.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The active probe against a real HTTP server on a local port: down, it opens the breaker; back, it closes it. */
class ActiveProbeTest {

    private HttpServer server;
    private final AtomicInteger status = new AtomicInteger(503);
    private final AtomicInteger probes = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/models", exchange -> {
            probes.incrementAndGet();
            assertThat(exchange.getRequestHeaders().containsKey("Authorization")).isFalse();
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Policy policy() throws Exception {
        String yaml = """
                version: 1
                providers:
                  p:
                    type: openai
                    base_url: http://127.0.0.1:%d/v1
                    credential: never-sent
                    resilience: { breaker_window: 2, breaker_failure_ratio: 0.5, breaker_delay_ms: 100, breaker_half_open_calls: 1 }
                models:
                  a: { candidates: [ { provider: p, model: m1 }, { provider: p, model: m2 } ] }
                  b: { candidates: [ { provider: p, model: m1 } ] }
                teams:
                  t: { consumers: [app] }
                """.formatted(server.getAddress().getPort());
        return new PolicyLoader(new EnvInterpolator(n -> null))
                .load(List.of(new PolicySource("probe.yaml", yaml.getBytes(StandardCharsets.UTF_8)))).policy();
    }

    @Test
    void probesIdleDeploymentsOnceEachAndOpensThenClosesTheirBreakers() throws Exception {
        Policy policy = policy();
        MutableClock clock = new MutableClock();
        Breakers breakers = new Breakers(new LiveStats(), clock);
        ActiveProbe probe = new ActiveProbe(breakers, new ProbeSettings(true, Duration.ofSeconds(30), Duration.ofSeconds(2)));

        assertThat(probe.probeIdle(policy)).as("m1 listed twice is probed once").isEqualTo(2);
        assertThat(probe.probeIdle(policy)).as("just probed: not idle").isZero();
        clock.advance(31_000);
        probe.probeIdle(policy);
        assertThat(breakers.state("p/m1")).as("two failed probes of two").isEqualTo(CircuitState.OPEN);
        assertThat(probes.get()).isEqualTo(4);

        status.set(404); // up again: its front door answers, even if this path does not exist there
        for (int i = 0; i < 200 && breakers.state("p/m1") != CircuitState.HALF_OPEN; i++) {
            Thread.sleep(20);
        }
        clock.advance(31_000);
        probe.probeIdle(policy);
        assertThat(breakers.state("p/m1")).isEqualTo(CircuitState.CLOSED);
        assertThat(breakers.state("p/m2")).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void aProviderThatIsNotThereIsDown() throws Exception {
        Policy policy = policy();
        server.stop(0);
        Breakers breakers = new Breakers(new LiveStats(), Clock.systemUTC());
        ActiveProbe probe = new ActiveProbe(breakers, new ProbeSettings(true, Duration.ofMillis(1), Duration.ofSeconds(2)));
        probe.probeIdle(policy);
        Thread.sleep(5);
        probe.probeIdle(policy);
        assertThat(breakers.state("p/m1")).isEqualTo(CircuitState.OPEN);
    }
}
