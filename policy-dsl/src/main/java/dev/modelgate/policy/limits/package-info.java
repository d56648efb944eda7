/**
 * Request-path rate limits: sliding-window requests/tokens per minute and a
 * max-concurrent-requests cap. Counters sit behind {@link dev.modelgate.policy.limits.RateCounters}
 * so a cluster-wide implementation (one Redis round trip per admission) can replace
 * the in-process one without touching the evaluator.
 */
package dev.modelgate.policy.limits;
