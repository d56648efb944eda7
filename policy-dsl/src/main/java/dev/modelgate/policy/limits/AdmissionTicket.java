package dev.modelgate.policy.limits;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * What an admission recorded, so the token estimate can later be replaced by the real
 * count. Plain data (checks + time) on purpose: a cluster implementation can rebuild
 * the same bucket addresses from it.
 *
 * <p>Adjustment has "set" semantics: the ticket remembers the last count applied, so
 * calling {@code adjust} again with a newer (or the same) count only applies the difference.
 */
public final class AdmissionTicket {

    private static final VarHandle LAST_ACTUAL;
    static {
        try {
            LAST_ACTUAL = MethodHandles.lookup().findVarHandle(AdmissionTicket.class, "lastActual", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final List<LimitCheck> checks;
    private final long recordedAtMillis;
    /** -1 until the first adjust: the recorded amount is then each check's own estimate. */
    @SuppressWarnings("unused") // accessed through LAST_ACTUAL
    private volatile long lastActual = -1;

    public AdmissionTicket(List<LimitCheck> checks, long recordedAtMillis) {
        this.checks = List.copyOf(checks);
        this.recordedAtMillis = recordedAtMillis;
    }

    public List<LimitCheck> checks() {
        return checks;
    }

    public long recordedAtMillis() {
        return recordedAtMillis;
    }

    /**
     * Atomically sets the actual token count and returns the previous one, or -1 if none
     * was applied yet. Used by implementations to compute the delta exactly once per change.
     */
    public long swapActualTokens(long actualTokens) {
        return (long) LAST_ACTUAL.getAndSet(this, actualTokens);
    }
}
