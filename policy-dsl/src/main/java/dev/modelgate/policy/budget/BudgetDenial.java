package dev.modelgate.policy.budget;

/**
 * Reservation refused because {@code spent + reserved + requested > limit}.
 *
 * @param remainingMicros what is left for new reservations, never negative
 * @param window          its end is when the budget resets (for the 402 message)
 */
public record BudgetDenial(String budgetKey, BudgetWindow window, long limitMicros, long requestedMicros,
                           long remainingMicros) implements ReserveResult {

    @Override
    public boolean granted() {
        return false;
    }
}
