package dev.modelgate.policy.budget;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

/**
 * Calendar-aligned budget periods. Boundaries are local midnights in the budget's zone,
 * computed with {@link LocalDate#atStartOfDay(ZoneId)} so a day that is 23 or 25 hours
 * long (DST) or starts at 01:00 (zones whose DST gap is at midnight) is still one day.
 */
public enum BudgetPeriod {
    @JsonProperty("daily")
    DAILY {
        @Override
        LocalDate firstDay(LocalDate day) {
            return day;
        }

        @Override
        LocalDate nextFirstDay(LocalDate firstDay) {
            return firstDay.plusDays(1);
        }
    },
    /** ISO week: Monday to Sunday. */
    @JsonProperty("weekly")
    WEEKLY {
        @Override
        LocalDate firstDay(LocalDate day) {
            return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        }

        @Override
        LocalDate nextFirstDay(LocalDate firstDay) {
            return firstDay.plusWeeks(1);
        }
    },
    @JsonProperty("monthly")
    MONTHLY {
        @Override
        LocalDate firstDay(LocalDate day) {
            return day.withDayOfMonth(1);
        }

        @Override
        LocalDate nextFirstDay(LocalDate firstDay) {
            return firstDay.plusMonths(1);
        }
    };

    abstract LocalDate firstDay(LocalDate day);

    abstract LocalDate nextFirstDay(LocalDate firstDay);

    /** The period instance containing {@code now}, as seen in {@code zone}. */
    public BudgetWindow windowFor(Instant now, ZoneId zone) {
        LocalDate first = firstDay(LocalDate.ofInstant(now, zone));
        return new BudgetWindow(first.atStartOfDay(zone).toInstant(), nextFirstDay(first).atStartOfDay(zone).toInstant());
    }
}
