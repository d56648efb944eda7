/**
 * Deployment health: one circuit breaker per deployment ({@link dev.modelgate.relay.health.Breakers}, on
 * Resilience4j), configured from the policy's {@code resilience} ({@link dev.modelgate.relay.health.BreakerSettings}),
 * the view routing and the {@code /admin/providers/health} feed read, and the optional active probe for
 * deployments that get no traffic. Standalone and gateway-only relays use the same code: nothing here
 * depends on how a request was decided.
 */
package dev.modelgate.relay.health;
