package dev.modelgate.policy.eval;

import dev.modelgate.policy.limits.AdmissionTicket;
import dev.modelgate.policy.limits.LimitCheck;
import dev.modelgate.policy.limits.Permit;
import dev.modelgate.policy.model.Budget;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * Takes everything an admitted request holds (its place in the rate windows, its concurrency slots, its budget
 * reservations) in one step, all or none. The evaluator asks for them one after the other when this is absent;
 * state shared through Redis answers all of them in one round trip (one script) instead of one each.
 *
 * <p>Same order and same outcome as the steps one by one: rate windows, then slots, then budgets, the first
 * refusal decides, and a refused request holds nothing, not even its place in the request-rate windows (which
 * the steps one by one keep for a request a later step refused). A soft budget that cannot cover the request
 * is reported, not refused.
 */
public interface OneStepAdmission {

    /**
     * @throws RuntimeException the host's "unavailable" exception when the shared state cannot be asked; nothing
     *                          is held then
     */
    Answer admit(Ask ask);

    /** A concurrency cap: {@code max} requests of {@code scope} at once. */
    record Slot(String scope, int max) {
    }

    /** A budget to reserve {@code micros} in, in the window of its period containing now. */
    record BudgetAsk(String scope, Budget budget, ZoneId zone, long micros) {
    }

    /** Everything one request asks for, at {@code now}. */
    record Ask(List<LimitCheck> rates, List<Slot> slots, List<BudgetAsk> budgets, Instant now) {
    }

    sealed interface Answer {
    }

    /**
     * Everything held. @param ticket the rate windows' handle (null when there were no rate checks)
     * @param permits one per slot, in order; @param holds one per budget that covered the request
     * @param softExceeded the soft budgets that could not (no hold for them)
     */
    record Taken(AdmissionTicket ticket, List<Permit> permits, List<Admission.BudgetHold> holds,
                 List<BudgetAsk> softExceeded) implements Answer {
    }

    record RateRefused(LimitCheck failed, Duration retryAfter) implements Answer {
    }

    record Busy(Slot slot) implements Answer {
    }

    record Broke(BudgetAsk budget, long remainingMicros) implements Answer {
    }
}
