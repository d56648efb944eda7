package dev.modelgate.policy.budget;

/** Outcome of {@link BudgetLedger#reserve}: a {@link Reservation} or a {@link BudgetDenial}. */
public sealed interface ReserveResult permits Reservation, BudgetDenial {

    boolean granted();

    String budgetKey();

    BudgetWindow window();
}
