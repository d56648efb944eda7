package dev.modelgate.relay.health;

import dev.modelgate.policy.model.Resilience;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import java.time.Clock;
import java.time.Duration;

/**
 * One deployment's breaker settings, read from its provider's {@code resilience} in the policy. Kept apart
 * from {@link Breakers} so what a breaker does is one class and what it is set to is this record.
 *
 * @param failureRatePercent failure share of the window's calls that opens the breaker (Resilience4j takes a percentage)
 * @param minimumCalls       calls the window must hold before the share counts, so two unlucky calls do not open it
 * @param window             the sliding time window: failures older than this stop counting, with or without traffic
 * @param waitInOpen         how long an open breaker refuses calls before it turns half-open by itself
 * @param halfOpenCalls      trial calls a half-open breaker lets through
 * @param maxWaitInHalfOpen  a half-open breaker whose trial calls have not all reported by then opens again, so a
 *                           trial permit lost on some path can never leave the deployment stuck half-open
 */
public record BreakerSettings(float failureRatePercent, int minimumCalls, Duration window, Duration waitInOpen,
                              int halfOpenCalls, Duration maxWaitInHalfOpen) {

    public static BreakerSettings of(Resilience resilience) {
        Duration wait = Duration.ofMillis(resilience.breakerDelayMs());
        // Long enough for a trial call to time out and report; then the trial is presumed lost.
        Duration halfOpenLimit = Duration.ofMillis(2L * Math.max(resilience.timeoutMs(), resilience.breakerDelayMs()));
        return new BreakerSettings(resilience.breakerFailureRatio().movePointRight(2).floatValue(), resilience.breakerWindow(),
                Duration.ofMillis(resilience.breakerWindowMs()), wait, resilience.breakerHalfOpenCalls(), halfOpenLimit);
    }

    /** Resilience4j's form: a TIME_BASED window (whole seconds, at least one) and automatic open to half-open. */
    CircuitBreakerConfig toConfig(Clock clock) {
        int seconds = (int) Math.max(1, (window.toMillis() + 999) / 1000);
        return CircuitBreakerConfig.custom()
                .clock(clock)
                .slidingWindow(seconds, minimumCalls, CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                .failureRateThreshold(failureRatePercent)
                .waitDurationInOpenState(waitInOpen)
                // Half-open comes from Resilience4j's own timer, not from a request passing by: a deployment no
                // request is routed to (an open circuit is skipped) or a gateway-only relay recovers all the same.
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .permittedNumberOfCallsInHalfOpenState(halfOpenCalls)
                .maxWaitDurationInHalfOpenState(maxWaitInHalfOpen)
                // Slow calls are the timeout's business, not the breaker's.
                .slowCallRateThreshold(100)
                .slowCallDurationThreshold(Duration.ofDays(1))
                .writableStackTraceEnabled(false)
                .build();
    }
}
