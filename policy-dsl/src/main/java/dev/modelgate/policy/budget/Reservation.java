package dev.modelgate.policy.budget;

/**
 * Budget held for one request until it is settled or released. The ledger keeps the
 * authoritative amount by id, so a copy of this record cannot settle more than was reserved.
 *
 * @param window the window the reservation belongs to; it settles there even after the period rolled over
 */
public record Reservation(long id, String budgetKey, BudgetWindow window, long amountMicros) implements ReserveResult {

    @Override
    public boolean granted() {
        return true;
    }
}
