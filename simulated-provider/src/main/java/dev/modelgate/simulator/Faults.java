package dev.modelgate.simulator;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The faults armed on a simulator. Each applies to the next N requests or to all of them, optionally
 * only for one model name, so one simulator can play a healthy and a failing deployment at once.
 * The first armed fault that matches a request is used.
 */
public final class Faults {

    private final List<Armed> armed = new CopyOnWriteArrayList<>();

    /** The next {@code times} requests (any model) get this fault. */
    public Faults next(int times, Fault fault) {
        return arm(null, times, fault);
    }

    /** Every request (any model) gets this fault until cleared. */
    public Faults always(Fault fault) {
        return arm(null, -1, fault);
    }

    /** Requests for {@code model}: the next {@code times} (or all, with -1) get this fault. */
    public Faults forModel(String model, int times, Fault fault) {
        return arm(model, times, fault);
    }

    public void clear() {
        armed.clear();
    }

    Faults arm(String model, int times, Fault fault) {
        if (times == 0 || times < -1) {
            throw new IllegalArgumentException("times must be positive, or -1 for always");
        }
        armed.add(new Armed(model, new AtomicInteger(times), fault));
        return this;
    }

    /** Takes the fault for a request to {@code model}, if one is armed. */
    Optional<Fault> take(String model) {
        for (Iterator<Armed> it = armed.iterator(); it.hasNext(); ) {
            Armed a = it.next();
            if (a.model != null && !a.model.equals(model)) {
                continue;
            }
            int left = a.remaining.get();
            if (left == -1) {
                return Optional.of(a.fault);
            }
            while (left > 0) {
                if (a.remaining.compareAndSet(left, left - 1)) {
                    if (left == 1) {
                        armed.remove(a);
                    }
                    return Optional.of(a.fault);
                }
                left = a.remaining.get();
            }
        }
        return Optional.empty();
    }

    private record Armed(String model, AtomicInteger remaining, Fault fault) {
    }
}
