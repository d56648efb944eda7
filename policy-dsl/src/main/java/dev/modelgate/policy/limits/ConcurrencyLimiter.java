package dev.modelgate.policy.limits;

import java.util.Optional;

/** Caps requests in flight per key (e.g. streaming completions per team). */
public interface ConcurrencyLimiter {

    /**
     * Takes a slot if fewer than {@code max} are held for {@code key}.
     *
     * @return the permit to close when the request ends, or empty when the cap is reached
     */
    Optional<Permit> tryEnter(String key, int max);

    /** Slots currently held for {@code key}. */
    int inFlight(String key);
}
