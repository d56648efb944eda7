package dev.modelgate.relay.settlement;

import dev.modelgate.policy.budget.BudgetWindow;
import dev.modelgate.shared.budget.SpendSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The ledger's spend of a budget scope ({@code team:x} or {@code key:y}) in a window: what shared budgets in Redis
 * are rebuilt from when Redis holds nothing for them (a restart, a failover, an eviction).
 */
@ApplicationScoped
public class LedgerSpend implements SpendSource {

    @Inject
    UsageStore store;

    @Override
    public long spent(String budgetKey, BudgetWindow window) {
        if (budgetKey.startsWith("team:")) {
            return store.spentSince(budgetKey.substring("team:".length()), false, window.start());
        }
        if (budgetKey.startsWith("key:")) {
            return store.spentSince(budgetKey.substring("key:".length()), true, window.start());
        }
        throw new IllegalArgumentException("not a budget scope: " + budgetKey);
    }
}
