package dev.modelgate.relay.health;

import dev.modelgate.policy.model.Resilience;
import dev.modelgate.policy.routing.CircuitState;
import dev.modelgate.policy.routing.DeploymentHealth;
import dev.modelgate.policy.routing.HealthSource;
import dev.modelgate.policy.routing.LiveStats;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One circuit breaker per deployment ({@code provider/model}), the only place a deployment's health is
 * decided. Each is a Resilience4j breaker set by {@link BreakerSettings}: it opens when the failure share
 * of its sliding time window reaches the ratio, turns half-open by itself after its wait (on Resilience4j's
 * timer, whether or not any request passes), lets a bounded number of trial calls through, and closes or
 * opens again on their outcome. Routing reads it through {@link HealthSource}: an open deployment is
 * skipped, and one failing half its window's calls is tried last; because the window is a time window,
 * that share fades as old failures leave it, with or without traffic.
 *
 * <p>With relays sharing state, a breaker that opens here is posted to {@link SharedHealth}, and
 * {@link #adoptShared()} opens this relay's breaker for a deployment another relay posted: each relay then waits
 * and tries the deployment again on its own, so one relay's failures spare the others theirs.
 */
public final class Breakers implements HealthSource {

    /** What an upstream failure is recorded as; carries no stack, so recording one costs nothing. */
    private static final UpstreamFault FAULT = new UpstreamFault();

    private final LiveStats latency;
    private final Clock clock;
    private final SharedHealth shared;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final CallTimes times = new CallTimes(256);
    /** Deployments being opened because another relay posted them: not posted again. */
    private final Set<String> adopting = ConcurrentHashMap.newKeySet();

    /** @param latency EWMA latency per deployment, fed from the same calls (lowest-latency routing reads it) */
    public Breakers(LiveStats latency, Clock clock) {
        this(latency, clock, SharedHealth.NONE);
    }

    /** @param shared where openings are posted and read, when relays share state */
    public Breakers(LiveStats latency, Clock clock, SharedHealth shared) {
        this.latency = latency;
        this.clock = clock;
        this.shared = shared;
    }

    /**
     * Opens the breakers of deployments another relay posted as down, where this relay's is closed (one on trial or
     * already open decides on its own calls). A deployment this relay has not called yet is left: its first calls
     * decide. @return how many were opened
     */
    public int adoptShared() {
        int opened = 0;
        for (String deployment : shared.openNow().keySet()) {
            Entry entry = entries.get(deployment);
            if (entry == null || entry.breaker.getState() != CircuitBreaker.State.CLOSED) {
                continue;
            }
            adopting.add(deployment);
            try {
                entry.breaker.transitionToOpenState();
                opened++;
            } finally {
                adopting.remove(deployment);
            }
        }
        return opened;
    }

    /**
     * Asks for a call to this deployment: always granted when closed; when half-open, only while trial permits
     * remain; never when open. A granted call must end in {@link #record} (any outcome, NEUTRAL included).
     */
    public boolean tryAcquire(String deployment, Resilience resilience) {
        return entry(deployment, resilience).breaker.tryAcquirePermission();
    }

    /** Records a call's outcome: latency for routing, and success or failure for the breaker. */
    public void record(String deployment, Resilience resilience, Outcome outcome, long micros) {
        Entry entry = entry(deployment, resilience);
        entry.lastCallMillis = clock.millis();
        switch (outcome) {
            case SUCCESS -> {
                latency.recordCall(deployment, micros, true);
                entry.breaker.onSuccess(micros, TimeUnit.MICROSECONDS);
            }
            case FAILURE -> {
                latency.recordCall(deployment, micros, false);
                entry.breaker.onError(micros, TimeUnit.MICROSECONDS, FAULT);
            }
            case NEUTRAL -> entry.breaker.releasePermission();
        }
    }

    /** A call that served its request: how long it took and, for a stream, until its first token (0 for none). */
    public void served(String deployment, long callMicros, long firstTokenMicros) {
        times.served(deployment, callMicros, firstTokenMicros);
    }

    /** The deployment's latest served calls' p50 and p95, whole call and time to first token. */
    public CallTimes.Timings timings(String deployment) {
        return times.of(deployment);
    }

    /** A probe's outcome: counts for the breaker like a call, but not for latency (a probe is not a model call). */
    void recordProbe(String deployment, Resilience resilience, boolean up, long micros) {
        Entry entry = entry(deployment, resilience);
        entry.lastCallMillis = clock.millis();
        if (up) {
            entry.breaker.onSuccess(micros, TimeUnit.MICROSECONDS);
        } else {
            entry.breaker.onError(micros, TimeUnit.MICROSECONDS, FAULT);
        }
    }

    /** Milliseconds since the deployment's last call or probe; Long.MAX_VALUE when it never had one. */
    long idleMillis(String deployment) {
        Entry entry = entries.get(deployment);
        return entry == null || entry.lastCallMillis == 0 ? Long.MAX_VALUE : clock.millis() - entry.lastCallMillis;
    }

    public CircuitState state(String deployment) {
        Entry entry = entries.get(deployment);
        return entry == null ? CircuitState.CLOSED : circuit(entry.breaker.getState());
    }

    @Override
    public DeploymentHealth health(String deployment) {
        Entry entry = entries.get(deployment);
        long ewma = latency.health(deployment).ewmaLatencyMicros();
        if (entry == null) {
            return new DeploymentHealth(ewma, 0, CircuitState.CLOSED);
        }
        CircuitState circuit = circuit(entry.breaker.getState());
        if (circuit == CircuitState.HALF_OPEN) {
            // On trial: reported without an error rate, or a failed first trial would put it behind every healthy
            // deployment, its remaining trial permits would never be used, and it could not close.
            return new DeploymentHealth(ewma, 0, circuit);
        }
        CircuitBreaker.Metrics metrics = entry.breaker.getMetrics();
        // Read through the window as it is now: Resilience4j moves a time window to the present on every read.
        int calls = metrics.getNumberOfBufferedCalls();
        // Below the breaker's minimum the share says nothing yet: demoting on it would starve the deployment of the
        // calls that let its breaker decide, and it would stay behind the others until its failures left the window.
        int permille = calls < entry.breaker.getCircuitBreakerConfig().getMinimumNumberOfCalls() ? 0
                : (int) (1000L * metrics.getNumberOfFailedCalls() / calls);
        return new DeploymentHealth(ewma, permille, circuit);
    }

    /** Every deployment called (or probed) so far, for the health feed gateway nodes poll. */
    public Map<String, DeploymentHealth> snapshot() {
        Map<String, DeploymentHealth> out = new TreeMap<>();
        latency.snapshot().keySet().forEach(id -> out.put(id, health(id)));
        entries.keySet().forEach(id -> out.put(id, health(id)));
        return out;
    }

    private Entry entry(String deployment, Resilience resilience) {
        Entry entry = entries.get(deployment);
        if (entry != null) {
            return entry;
        }
        return entries.computeIfAbsent(deployment, id -> {
            CircuitBreaker breaker = CircuitBreaker.of(id, BreakerSettings.of(resilience == null ? Resilience.DEFAULTS : resilience).toConfig(clock));
            breaker.getEventPublisher().onStateTransition(event -> {
                if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN && !adopting.contains(id)) {
                    long waitMillis = breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1);
                    shared.opened(id, Duration.ofMillis(waitMillis));
                }
            });
            return new Entry(breaker);
        });
    }

    private static CircuitState circuit(CircuitBreaker.State state) {
        return switch (state) {
            case CLOSED, DISABLED, METRICS_ONLY -> CircuitState.CLOSED;
            case HALF_OPEN -> CircuitState.HALF_OPEN;
            case OPEN, FORCED_OPEN -> CircuitState.OPEN;
        };
    }

    private static final class Entry {
        final CircuitBreaker breaker;
        volatile long lastCallMillis;

        Entry(CircuitBreaker breaker) {
            this.breaker = breaker;
        }
    }

    private static final class UpstreamFault extends RuntimeException {
        UpstreamFault() {
            super("upstream failure", null, false, false);
        }
    }
}
