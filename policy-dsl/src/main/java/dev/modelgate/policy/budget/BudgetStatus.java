package dev.modelgate.policy.budget;

/**
 * Read-only view of one budget window for reporting.
 *
 * @param remainingMicros {@code max(0, limit - spent - reserved)}; an overrun shows in {@code spentMicros}
 */
public record BudgetStatus(String budgetKey, BudgetWindow window, long limitMicros, long spentMicros,
                           long reservedMicros, long remainingMicros) {
}
