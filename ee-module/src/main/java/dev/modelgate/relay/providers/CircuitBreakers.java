package dev.modelgate.relay.providers;

import dev.modelgate.policy.model.Resilience;
import dev.modelgate.policy.routing.CircuitState;
import dev.modelgate.policy.routing.LiveStats;

import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One circuit breaker per deployment, configured by its provider's {@code resilience} in the policy:
 * it opens when at least {@code breaker_failure_ratio} of the last {@code breaker_window} calls failed,
 * stays open for {@code breaker_delay_ms} (routing skips the deployment meanwhile, through the circuit
 * state published in {@link LiveStats}), then lets one trial call through (half-open): success closes
 * it, failure opens it again. Kept next to the relay's calls rather than as annotations because the
 * deployments and their settings come from the policy at run time.
 */
public final class CircuitBreakers {

    private final LiveStats stats;
    private final Map<String, Breaker> breakers = new ConcurrentHashMap<>();

    public CircuitBreakers(LiveStats stats) {
        this.stats = stats;
    }

    /** Records a call's outcome; may open or close the deployment's circuit. */
    public void record(String deployment, Resilience resilience, boolean success, long nowMillis) {
        Breaker breaker = breakers.computeIfAbsent(deployment, d -> new Breaker(resilience));
        CircuitState state = breaker.record(success, nowMillis);
        stats.recordCircuit(deployment, state);
    }

    /**
     * Whether a call may go to this deployment now: always when closed; when half-open, only the one
     * trial call (the first to ask), so a recovering provider is not hit by every waiting request at once.
     */
    public boolean permits(String deployment) {
        Breaker breaker = breakers.get(deployment);
        return breaker == null || breaker.permits();
    }

    /** Moves circuits whose open delay has passed to half-open, so routing offers them a trial call again. */
    public void tick(long nowMillis) {
        breakers.forEach((deployment, breaker) -> {
            if (breaker.halfOpenIfDue(nowMillis)) {
                stats.recordCircuit(deployment, CircuitState.HALF_OPEN);
            }
        });
    }

    private static final class Breaker {
        private final boolean[] outcomes;
        private final BigDecimal failureRatio;
        private final long delayMillis;
        private int next;
        private int filled;
        private CircuitState state = CircuitState.CLOSED;
        private long openedAt;
        private boolean trialTaken;

        Breaker(Resilience resilience) {
            this.outcomes = new boolean[resilience.breakerWindow()];
            this.failureRatio = resilience.breakerFailureRatio();
            this.delayMillis = resilience.breakerDelayMs();
        }

        synchronized CircuitState record(boolean success, long now) {
            if (state == CircuitState.HALF_OPEN || state == CircuitState.OPEN) {
                // the trial call decides: close and start a fresh window, or open for another delay
                if (success) {
                    state = CircuitState.CLOSED;
                    filled = 0;
                    next = 0;
                } else {
                    state = CircuitState.OPEN;
                    openedAt = now;
                }
                return state;
            }
            outcomes[next] = !success;
            next = (next + 1) % outcomes.length;
            filled = Math.min(filled + 1, outcomes.length);
            if (filled == outcomes.length && failureShareReached()) {
                state = CircuitState.OPEN;
                openedAt = now;
            }
            return state;
        }

        synchronized boolean halfOpenIfDue(long now) {
            if (state == CircuitState.OPEN && now - openedAt >= delayMillis) {
                state = CircuitState.HALF_OPEN;
                trialTaken = false;
                return true;
            }
            return false;
        }

        synchronized boolean permits() {
            if (state == CircuitState.CLOSED) {
                return true;
            }
            if (state == CircuitState.HALF_OPEN && !trialTaken) {
                trialTaken = true;
                return true;
            }
            return false;
        }

        private boolean failureShareReached() {
            int failures = 0;
            for (boolean failed : outcomes) {
                if (failed) {
                    failures++;
                }
            }
            // failures / window >= ratio, compared exactly
            return BigDecimal.valueOf(failures).compareTo(failureRatio.multiply(BigDecimal.valueOf(outcomes.length))) >= 0;
        }
    }
}
