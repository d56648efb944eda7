package dev.modelgate.relay.cluster;

import dev.modelgate.policy.budget.BudgetLedger;
import dev.modelgate.policy.limits.ConcurrencyLimiter;
import dev.modelgate.policy.limits.RateCounters;
import dev.modelgate.shared.replay.RedisReplayGuard;

/** What the relays keep in Redis, each on the node's one connection. */
public record SharedParts(RateCounters counters, ConcurrencyLimiter concurrency, BudgetLedger budgets, RedisReplayGuard replays) {
}
