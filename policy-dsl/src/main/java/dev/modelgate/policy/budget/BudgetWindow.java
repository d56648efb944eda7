package dev.modelgate.policy.budget;

import java.time.Instant;
import java.util.Objects;

/** A budget period instance: {@code [start, end)}. */
public record BudgetWindow(Instant start, Instant end) {

    public BudgetWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) throw new IllegalArgumentException("end must be after start: " + start + " " + end);
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }
}
