package dev.modelgate.shared.admission;

import dev.modelgate.policy.budget.Micros;
import dev.modelgate.policy.eval.Admission;
import dev.modelgate.policy.eval.LedgerBudgets;
import dev.modelgate.policy.eval.OneStepAdmission;
import dev.modelgate.policy.limits.AdmissionTicket;
import dev.modelgate.policy.limits.LimitCheck;
import dev.modelgate.policy.limits.Permit;
import dev.modelgate.policy.model.Budget;
import dev.modelgate.shared.budget.BudgetsUnavailableException;
import dev.modelgate.shared.budget.RedisBudgetLedger;
import dev.modelgate.shared.limits.CountersUnavailableException;
import dev.modelgate.shared.limits.RedisConcurrencyLimiter;
import dev.modelgate.shared.limits.RedisRateCounters;
import dev.modelgate.shared.redis.SharedRedis;
import dev.modelgate.shared.redis.SharedStateUnavailableException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A request's rate windows, concurrency slots and budget holds taken in one Redis script (admission.lua): one
 * round trip where the parts one by one take three or more. The script is built from the same Lua functions
 * as each part's own script, so the keys, the algorithms and the refusals are theirs: an edge host counting a
 * rate limit with {@link RedisRateCounters} and a relay admitting here count it together.
 *
 * <p>Redis down: {@link CountersUnavailableException} when the request has limits (the host then applies
 * {@code settings.counters_unavailable}, whose fallback still asks for the budgets), else
 * {@link BudgetsUnavailableException} (budgets fail closed). Nothing is held then.
 */
public final class RedisAdmission implements OneStepAdmission {

    private static final String LIMITS = "/dev/modelgate/shared/limits/";
    private static final SharedRedis.Script ADMISSION = SharedRedis.Script.load(RedisAdmission.class,
            LIMITS + "windows.lua", LIMITS + "slots.lua", "/dev/modelgate/shared/budget/holds.lua", "admission.lua");

    private final SharedRedis redis;
    private final RedisConcurrencyLimiter slots;
    private final RedisBudgetLedger budgets;

    /** @param slots and @param budgets the parts whose permits and holds this takes (and which end them) */
    public RedisAdmission(SharedRedis redis, RedisConcurrencyLimiter slots, RedisBudgetLedger budgets) {
        this.redis = redis;
        this.slots = slots;
        this.budgets = budgets;
    }

    @Override
    public Answer admit(Ask ask) {
        List<LimitCheck> rates = ask.rates();
        long now = ask.now().toEpochMilli();
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>();
        args.add(Long.toString(now));
        args.add(Integer.toString(rates.size()));
        args.add(Integer.toString(ask.slots().size()));
        args.add(Integer.toString(ask.budgets().size()));
        for (LimitCheck c : rates) {
            keys.add(RedisRateCounters.keyOf(c.key(), c.kind(), c.window()));
            args.add(Long.toString(c.limit()));
            args.add(Long.toString(c.amount()));
            args.add(Long.toString(c.window().toMillis()));
            args.add(Long.toString(RedisRateCounters.bucketMillis(c.window())));
        }
        List<String> permitIds = new ArrayList<>(ask.slots().size());
        for (Slot slot : ask.slots()) {
            String id = UUID.randomUUID().toString();
            permitIds.add(id);
            keys.add(RedisConcurrencyLimiter.keyOf(slot.scope()));
            args.add(Long.toString(slots.leaseMillis()));
            args.add(Integer.toString(slot.max()));
            args.add(id);
        }
        List<RedisBudgetLedger.Prepared> holds = new ArrayList<>(ask.budgets().size());
        for (BudgetAsk b : ask.budgets()) {
            RedisBudgetLedger.Prepared prepared = budgets.prepare(b.scope(), Micros.limitFromUsd(b.budget().amountUsd()),
                    b.budget().period(), b.zone(), b.micros(), ask.now());
            holds.add(prepared);
            keys.addAll(List.of(prepared.keys()));
            args.addAll(List.of(prepared.values()));
            args.add(b.budget().enforcement() == Budget.Enforcement.SOFT ? "1" : "0");
        }
        // A window Redis does not hold (an empty Redis) is seeded from the ledger, then asked again: at most once a budget.
        for (int attempt = 0; attempt <= ask.budgets().size(); attempt++) {
            List<Long> answer = run(keys, args, !rates.isEmpty() || !ask.slots().isEmpty());
            if (answer.get(0) == 1L) {
                return taken(ask, answer.get(1), permitIds, holds, now);
            }
            if (answer.get(0) == 0L) {
                return refused(ask, answer);
            }
            RedisBudgetLedger.Prepared unseeded = holds.get(answer.get(1).intValue());
            budgets.seedFromLedger(unseeded.reservation().budgetKey(), unseeded.reservation().window());
        }
        throw new BudgetsUnavailableException("budget windows could not be seeded from the ledger");
    }

    private List<Long> run(List<String> keys, List<String> args, boolean limited) {
        try {
            return redis.eval(ADMISSION, keys.toArray(String[]::new), args.toArray(String[]::new));
        } catch (SharedStateUnavailableException e) {
            throw limited ? new CountersUnavailableException("Redis counters unavailable: " + e.getMessage())
                    : new BudgetsUnavailableException("shared budgets unavailable: " + e.getMessage());
        }
    }

    private Answer taken(Ask ask, long softMask, List<String> permitIds, List<RedisBudgetLedger.Prepared> prepared, long now) {
        AdmissionTicket ticket = ask.rates().isEmpty() ? null : new AdmissionTicket(ask.rates(), now);
        List<Permit> permits = new ArrayList<>(permitIds.size());
        for (int i = 0; i < permitIds.size(); i++) {
            permits.add(slots.permit(ask.slots().get(i).scope(), permitIds.get(i)));
        }
        List<Admission.BudgetHold> holds = new ArrayList<>(prepared.size());
        List<BudgetAsk> softExceeded = new ArrayList<>(0);
        for (int i = 0; i < prepared.size(); i++) {
            if ((softMask & (1L << i)) != 0) {
                softExceeded.add(ask.budgets().get(i));
            } else {
                holds.add(LedgerBudgets.hold(budgets, prepared.get(i).reservation()));
            }
        }
        return new Taken(ticket, permits, holds, softExceeded);
    }

    private static Answer refused(Ask ask, List<Long> answer) {
        int which = answer.get(2).intValue();
        return switch (answer.get(1).intValue()) {
            case 1 -> {
                LimitCheck failed = ask.rates().get(which);
                long wait = answer.get(3);
                yield new RateRefused(failed, wait < 0 ? failed.window() : Duration.ofMillis(wait));
            }
            case 2 -> new Busy(ask.slots().get(which));
            default -> new Broke(ask.budgets().get(which), answer.get(3));
        };
    }
}
