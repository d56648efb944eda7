package dev.modelgate.shared.budget;

import dev.modelgate.shared.redis.SharedStateUnavailableException;

/** Shared budgets cannot be checked (Redis down, or the ledger it rebuilds from): the request is refused. */
public final class BudgetsUnavailableException extends SharedStateUnavailableException {

    private static final long serialVersionUID = 1L;

    public BudgetsUnavailableException(String message) {
        super(message);
    }
}
