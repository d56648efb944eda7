package dev.modelgate.policy.budget;

import java.util.HashMap;
import java.util.Map;

/**
 * Spend and reservations of one budget key in one window. Every method is synchronized on
 * the instance: the admission rule reads spent and reserved and updates reserved as one
 * step, and the section is a few field operations, so a per-balance monitor is cheaper
 * and simpler than a CAS loop over two fields.
 */
final class WindowBalance {

    final BudgetWindow window;
    private long spent;
    private long reserved;
    /** Reservation id → amount held. The ledger's copy, so settle/release happen once. */
    private final Map<Long, Long> outstanding = new HashMap<>();
    /** Set when evicted: a caller that looked this balance up must look up again. */
    private boolean retired;

    WindowBalance(BudgetWindow window) {
        this.window = window;
    }

    /** Applies the admission rule {@code spent + reserved + amount <= limit} and holds the amount. */
    synchronized Outcome tryReserve(long id, long limit, long amount) {
        if (retired) return Outcome.RETIRED;
        // limit - spent - reserved cannot overflow for sane ledgers; compare without adding amount
        if (amount > limit - spent - reserved) return Outcome.DENIED;
        reserved += amount;
        outstanding.put(id, amount);
        return Outcome.RESERVED;
    }

    synchronized long remaining(long limit) {
        return Math.max(0, limit - spent - reserved);
    }

    synchronized boolean settle(long id, long actual) {
        Long held = outstanding.remove(id);
        if (held == null) return false;
        reserved -= held;
        spent += actual;
        return true;
    }

    synchronized boolean release(long id) {
        Long held = outstanding.remove(id);
        if (held == null) return false;
        reserved -= held;
        return true;
    }

    /**
     * Adds spend that no reservation of this ledger held (settled elsewhere). Saturates rather than wraps: an
     * overflowing sum must leave the budget spent, never turn it negative and open it again.
     */
    synchronized boolean addSpent(long amount) {
        if (retired) return false;
        spent = spent > Long.MAX_VALUE - amount ? Long.MAX_VALUE : spent + amount;
        return true;
    }

    synchronized boolean setSpent(long spent) {
        if (retired) return false;
        this.spent = spent;
        return true;
    }

    synchronized BudgetStatus status(String key, long limit) {
        return new BudgetStatus(key, window, limit, spent, reserved, Math.max(0, limit - spent - reserved));
    }

    /**
     * Retires the balance if its window ended before {@code endedBeforeMillis} and nothing is
     * outstanding, or unconditionally once it ended before {@code abandonBeforeMillis}
     * (reservations a crashed request never settled must not pin memory forever).
     */
    synchronized boolean retireIfStale(long endedBeforeMillis, long abandonBeforeMillis) {
        long end = window.end().toEpochMilli();
        if (retired) return false;
        if (end <= abandonBeforeMillis || (end <= endedBeforeMillis && outstanding.isEmpty())) {
            retired = true;
            return true;
        }
        return false;
    }

    enum Outcome { RESERVED, DENIED, RETIRED }
}
