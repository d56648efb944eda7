package dev.modelgate.relay.health;

import dev.modelgate.policy.model.Policy;
import dev.modelgate.policy.routing.LiveStats;
import dev.modelgate.relay.cluster.ClusterState;
import dev.modelgate.relay.cluster.SharedParts;
import dev.modelgate.shared.health.RedisHealthBoard;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The relay's deployment health: the breakers every call reports to, and, when
 * {@code modelgate.health.probe.enabled} is true, the active probe on Liberty's managed scheduler.
 */
@ApplicationScoped
public class HealthMonitor {

    private static final Logger LOG = Logger.getLogger(HealthMonitor.class.getName());

    @Inject
    @ConfigProperty(name = "modelgate.health.probe.enabled", defaultValue = "false")
    boolean probeEnabled;

    @Inject
    @ConfigProperty(name = "modelgate.health.probe.interval.ms", defaultValue = "30000")
    long probeIntervalMs;

    @Inject
    @ConfigProperty(name = "modelgate.health.probe.timeout.ms", defaultValue = "5000")
    long probeTimeoutMs;

    @Inject
    @ConfigProperty(name = "modelgate.health.shared.interval.ms", defaultValue = "1000")
    long sharedIntervalMs;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    ClusterState cluster;

    private Breakers breakers;
    private ScheduledFuture<?> probing;
    private ScheduledFuture<?> adopting;

    /**
     * The breakers, posting their openings to Redis's health board when relays share state, and reading it every
     * {@code modelgate.health.shared.interval.ms} to open what other relays found down.
     */
    @PostConstruct
    void init() {
        Optional<RedisHealthBoard> board = cluster.parts().map(SharedParts::health);
        breakers = new Breakers(new LiveStats(), Clock.systemUTC(), board.<SharedHealth>map(BoardHealth::new).orElse(SharedHealth.NONE));
        if (board.isPresent()) {
            adopting = scheduler.scheduleWithFixedDelay(() -> {
                try {
                    int opened = breakers.adoptShared();
                    if (opened > 0) {
                        LOG.info(opened + " breaker(s) opened for deployments another relay found down");
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "reading the shared health board failed", e); // the next round reads again
                }
            }, sharedIntervalMs, sharedIntervalMs, TimeUnit.MILLISECONDS);
        }
    }

    public Breakers breakers() {
        return breakers;
    }

    /**
     * Starts probing the policy's deployments, when the probe is switched on. Called once the policy is loaded; each
     * round probes the policy in force then, so a reloaded policy's deployments are probed.
     */
    public synchronized void watch(Supplier<Policy> policy) {
        ProbeSettings settings = new ProbeSettings(probeEnabled, Duration.ofMillis(probeIntervalMs), Duration.ofMillis(probeTimeoutMs));
        if (!settings.enabled() || probing != null) {
            return;
        }
        ActiveProbe probe = new ActiveProbe(breakers, settings);
        long every = settings.interval().toMillis();
        probing = scheduler.scheduleWithFixedDelay(() -> {
            try {
                probe.probeIdle(policy.get());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "deployment probe round failed", e); // the next round runs anyway
            }
        }, every, every, TimeUnit.MILLISECONDS);
        LOG.info("Active health probe on: deployments idle for " + every + " ms are probed");
    }

    @PreDestroy
    synchronized void stop() {
        if (probing != null) {
            probing.cancel(true);
        }
        if (adopting != null) {
            adopting.cancel(true);
        }
    }
}
