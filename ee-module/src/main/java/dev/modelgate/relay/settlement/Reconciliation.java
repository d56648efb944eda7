package dev.modelgate.relay.settlement;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks the ledger against the usage it was built from: every team account must carry exactly the priced
 * usage of its events, every provider account the negative of it, and all entries together must sum to 0.
 */
@ApplicationScoped
public class Reconciliation {

    /**
     * @param differences account to (ledger amount minus priced usage), only where they differ, plus
     *                    {@code "balance"} when the entries do not sum to zero
     */
    public record Result(boolean balanced, long events, long pricedUsageMicros, long debitsMicros, long creditsMicros,
                         Map<String, Long> differences) {
    }

    @PersistenceContext(unitName = "modelgate")
    EntityManager em;

    @Transactional
    public Result run() {
        Object[] totals = em.createQuery("select count(e), coalesce(sum(e.costMicros), 0) from UsageEvent e", Object[].class)
                .getSingleResult();
        Object[] sides = em.createQuery("select coalesce(sum(case when l.amountMicros > 0 then l.amountMicros else 0 end), 0), "
                + "coalesce(sum(case when l.amountMicros < 0 then -l.amountMicros else 0 end), 0) from LedgerEntry l", Object[].class)
                .getSingleResult();
        long events = ((Number) totals[0]).longValue();
        long priced = ((Number) totals[1]).longValue();
        long debits = ((Number) sides[0]).longValue();
        long credits = ((Number) sides[1]).longValue();

        Map<String, Long> expected = new TreeMap<>();
        add(expected, em.createQuery("select e.team, sum(e.costMicros) from UsageEvent e group by e.team", Object[].class).getResultList(),
                LedgerEntry::teamAccount, 1);
        add(expected, em.createQuery("select e.provider, sum(e.costMicros) from UsageEvent e group by e.provider", Object[].class).getResultList(),
                LedgerEntry::providerAccount, -1);
        Map<String, Long> booked = new TreeMap<>();
        for (Object[] row : em.createQuery("select l.account, sum(l.amountMicros) from LedgerEntry l group by l.account", Object[].class)
                .getResultList()) {
            booked.put((String) row[0], ((Number) row[1]).longValue());
        }
        Map<String, Long> differences = new TreeMap<>();
        for (String account : union(expected, booked)) {
            long diff = booked.getOrDefault(account, 0L) - expected.getOrDefault(account, 0L);
            if (diff != 0) {
                differences.put(account, diff);
            }
        }
        if (debits != credits) {
            differences.put("balance", debits - credits);
        }
        boolean balanced = differences.isEmpty() && debits == priced;
        return new Result(balanced, events, priced, debits, credits, differences);
    }

    private static void add(Map<String, Long> into, List<Object[]> rows, java.util.function.Function<String, String> account, int sign) {
        for (Object[] row : rows) {
            long amount = ((Number) row[1]).longValue();
            if (amount != 0) {
                into.merge(account.apply((String) row[0]), sign * amount, Long::sum);
            }
        }
    }

    private static java.util.Set<String> union(Map<String, Long> a, Map<String, Long> b) {
        java.util.Set<String> all = new java.util.TreeSet<>(a.keySet());
        all.addAll(b.keySet());
        return all;
    }
}
