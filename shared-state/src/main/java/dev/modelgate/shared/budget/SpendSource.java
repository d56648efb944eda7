package dev.modelgate.shared.budget;

import dev.modelgate.policy.budget.BudgetWindow;

/**
 * What the ledger (the truth for money) says a budget has spent in a window: where Redis rebuilds a budget
 * from when it holds nothing for it.
 */
@FunctionalInterface
public interface SpendSource {

    /** Micro-USD spent by {@code budgetKey} ("team:x", "key:y") from the window's start; throws when the ledger cannot answer. */
    long spent(String budgetKey, BudgetWindow window);
}
