package dev.modelgate.relay.cluster;

import dev.modelgate.policy.eval.Rejection;

import java.time.Duration;

/** The answers when shared state cannot be asked: each names its cause, in OpenAI's error shape (503). */
public final class Unavailable {

    private static final Duration RETRY = Duration.ofSeconds(1);

    /** Budgets always fail closed: admitting a request nobody can check against its cap could spend money twice. */
    public static final Rejection BUDGETS = new Rejection(503, "service_unavailable", "budgets_unavailable",
            "Budgets cannot be checked right now: the shared budget store (Redis) is unreachable. Retry shortly.", null, RETRY);

    /** Limits fail closed only when the policy's settings.counters_unavailable says fail_closed. */
    public static final Rejection COUNTERS = new Rejection(503, "service_unavailable", "counters_unavailable",
            "Rate limits cannot be checked right now: the shared counters (Redis) are unreachable. Retry shortly.", null, RETRY);

    /** A decision whose first use cannot be confirmed is not executed: a replay would run unbilled. */
    public static final Rejection REPLAY_GUARD = new Rejection(503, "service_unavailable", "replay_guard_unavailable",
            "Gateway decisions cannot be checked for replay right now: the shared replay guard (Redis) is unreachable."
                    + " Retry shortly.", null, RETRY);

    private Unavailable() {
    }
}
