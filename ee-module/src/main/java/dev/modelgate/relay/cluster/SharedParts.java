package dev.modelgate.relay.cluster;

import dev.modelgate.policy.budget.BudgetLedger;
import dev.modelgate.policy.eval.OneStepAdmission;
import dev.modelgate.policy.limits.ConcurrencyLimiter;
import dev.modelgate.policy.limits.RateCounters;
import dev.modelgate.shared.health.RedisHealthBoard;
import dev.modelgate.shared.replay.RedisReplayGuard;

/**
 * What the relays keep in Redis, each on the node's one connection; {@code admission} takes a request's holds in
 * {@code counters}, {@code concurrency} and {@code budgets} together, in one round trip; {@code health} posts the
 * breakers each relay opens, for the others.
 */
public record SharedParts(RateCounters counters, ConcurrencyLimiter concurrency, BudgetLedger budgets, RedisReplayGuard replays,
                          OneStepAdmission admission, RedisHealthBoard health) {
}
